import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileNamed, lazyExtractor } from "../ecosystems/extractor-entry.js";
import { DiskSource } from "./disk-source.js";
import { runJob } from "./run-job.js";

const dir = mkdtempSync(join(tmpdir(), "bulwark-run-job-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a parser module that fails to load is an error against the file, and the file's other formats still run", async () => {
  const file = join(dir, "x.lock");
  writeFileSync(file, "anything");
  const descriptor = { format: "x.lock", ecosystem: "npm", matches: fileNamed("x.lock") };
  const broken = lazyExtractor(descriptor, () =>
    Promise.reject(new Error("Cannot find module './x-lock.js'")),
  );
  const working = lazyExtractor({ ...descriptor, format: "other" }, async () => ({
    ...descriptor,
    format: "other",
    extract: () => ({ packages: [] }),
  }));
  const job = { path: "x.lock", identity: file, scanRoot: "", extractors: [broken, working], named: false };
  const result = await runJob(new DiskSource(dir), job, 1024, new Set());
  assert.deepEqual(result.errors, [{ path: "x.lock", message: "x.lock: Cannot find module './x-lock.js'" }]);
  assert.deepEqual(result.sources, [{ path: "x.lock", format: "other" }]);
});
