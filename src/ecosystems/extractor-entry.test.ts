import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { sbomExtractors } from "../sbom/extractors.js";
import { REPO_ROOT } from "../testing/corpus.js";
import { fileNamed, lazyExtractor } from "./extractor-entry.js";
import { allExtractors } from "./index.js";
import type { Extractor } from "./types.js";

describe("fileNamed", () => {
  it("matches the name at the root or as the last part of a path, nothing else", () => {
    const isLock = fileNamed("yarn.lock");
    assert.equal(isLock("yarn.lock"), true);
    assert.equal(isLock("web/app/yarn.lock"), true);
    assert.equal(isLock("old-yarn.lock"), false);
    assert.equal(isLock("yarn.lock/x"), false);
    assert.equal(isLock("web/old-yarn.lock"), false);
    const vendored = fileNamed("vendor/modules.txt");
    assert.equal(vendored("vendor/modules.txt"), true);
    assert.equal(vendored("svc/vendor/modules.txt"), true);
    assert.equal(vendored("modules.txt"), false);
    assert.equal(vendored("myvendor/modules.txt"), false);
  });
});

describe("lazyExtractor", () => {
  const descriptor = { format: "x.lock", ecosystem: "npm", matches: fileNamed("x.lock") };
  const extractor: Extractor = { ...descriptor, extract: () => ({ packages: [] }) };

  it("does not load until asked, then loads once however often and concurrently it is asked", async () => {
    let loads = 0;
    const entry = lazyExtractor(descriptor, async () => {
      loads++;
      return extractor;
    });
    assert.equal(loads, 0);
    assert.equal(entry.format, "x.lock");
    assert.equal(entry.matches("a/x.lock"), true);
    const [a, b] = await Promise.all([entry.load(), entry.load()]);
    assert.equal(await entry.load(), extractor);
    assert.equal(a, extractor);
    assert.equal(b, extractor);
    assert.equal(loads, 1);
  });
});

describe("registry entries", () => {
  const entries = [...allExtractors(), ...sbomExtractors];

  it("each loads the extractor of its own format, sharing the one descriptor", async () => {
    assert.ok(entries.length >= 45, `${entries.length} entries`);
    for (const entry of entries) {
      const loaded = await entry.load();
      assert.equal(loaded.format, entry.format);
      assert.equal(loaded.ecosystem, entry.ecosystem, entry.format);
      assert.equal(loaded.matches, entry.matches, `${entry.format}: matcher written twice`);
      assert.equal(typeof loaded.extract, "function", entry.format);
      assert.equal(await entry.load(), loaded, `${entry.format}: loaded twice`);
    }
  });

  // A loader hook in a child process records every module Node loads: listing the registry must load no
  // parser and no parsing library; loading the entries must then load them (so the check can fail).
  it("listing the formats imports no parser; loading them does", async () => {
    const hook = `export async function load(url, context, next) {
      const r = await next(url, context);
      process.stderr.write("LOADED " + url + "\\n");
      return r;
    }`;
    const url = (path: string) => pathToFileURL(join(REPO_ROOT, path)).href;
    const script = `
      import { register } from "node:module";
      register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hook)}));
      const { loadAllExtractors } = await import(${JSON.stringify(url("src/ecosystems/index.ts"))});
      const { sbomExtractors } = await import(${JSON.stringify(url("src/sbom/extractors.ts"))});
      await new Promise((done) => setTimeout(done, 50));
      process.stderr.write("MARK\\n");
      await loadAllExtractors();
      await Promise.all(sbomExtractors.map((e) => e.load()));
      await new Promise((done) => setTimeout(done, 50));
    `;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    assert.equal(child.status, 0, child.stderr);
    const [before, after] = child.stderr.split("MARK\n").map((part) =>
      part
        .split("\n")
        .filter((line) => line.startsWith("LOADED "))
        .map((line) => line.slice("LOADED ".length)),
    );
    assert.ok(
      before.some((u) => u.endsWith("/src/ecosystems/npm/extractors.ts")),
      "the hook saw the registry",
    );
    const heavy = [
      "/node_modules/js-yaml/",
      "/node_modules/smol-toml/",
      "/node_modules/fast-xml-parser/",
      "/src/ecosystems/npm/package-lock.ts",
      "/src/ecosystems/maven/pom-xml.ts",
      "/src/ecosystems/debian/dpkg-status.ts",
      "/src/ecosystems/pypi/requirements.ts",
      "/src/sbom/read/cyclonedx-xml.ts",
    ];
    for (const part of heavy) {
      assert.ok(!before.some((u) => u.includes(part)), `${part} loaded by merely listing the formats`);
      assert.ok(
        after.some((u) => u.includes(part)),
        `${part} not loaded by loading the entries`,
      );
    }
  });
});
