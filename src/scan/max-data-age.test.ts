import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { AdvisoryReader } from "../advisories/ports.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { scan } from "./index.js";

// The data-age warning's threshold: `maxDataAgeDays` (the CLI's --max-data-age) wins over bulwark.toml's
// `[scan] max_data_age_days`, which wins over the default of 7 days. The Go records of the corpus are the
// data; "newest modified" is the newest of the records for the fixture's package, and the scan runs 30 days
// after it.
let db: CorpusAdvisories;
let reader: AdvisoryReader;
let now: Date;
let dir: string;
const fixture = corpusPath("lockfiles", "golang", "gomod", "replace-not-required.mod");

before(async () => {
  db = await buildCorpusDatabase(["go"]);
  const records = await db.reader.recordsFor("Go", "golang.org/x/net");
  const newest = records
    .map((r) => r.modified)
    .sort()
    .at(-1)!;
  now = new Date(Date.parse(newest) + 30 * 86_400_000);
  const status = await db.reader.status();
  reader = {
    ...db.reader,
    status: async () => ({
      ...status,
      ecosystems: status.ecosystems.map((e) => ({ ...e, newestModified: newest })),
    }),
  };
  dir = mkdtempSync(join(tmpdir(), "bulwark-data-age-"));
});
after(() => {
  db.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function ageWarnings(configDays: number | undefined, optionDays: number | undefined) {
  const config = join(dir, `bulwark-${configDays ?? "none"}.toml`);
  writeFileSync(config, configDays === undefined ? "" : `[scan]\nmax_data_age_days = ${configDays}\n`);
  const result = await scan(
    {
      paths: [],
      lockfiles: [{ format: "go.mod", path: fixture }],
      config,
      now,
      ...(optionDays !== undefined ? { maxDataAgeDays: optionDays } : {}),
    },
    reader,
  );
  return result.warnings.filter((w) => /advisories are \d+ days old/.test(w));
}

describe("scan: how old the advisories may be", () => {
  it("default 7 days: data 30 days old is reported", async () => {
    const warnings = await ageWarnings(undefined, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^the Go advisories are 30 days old/);
  });

  it("bulwark.toml's max_data_age_days applies when the option is not given", async () => {
    assert.equal((await ageWarnings(0, undefined)).length, 0, "0 = never");
    assert.equal((await ageWarnings(60, undefined)).length, 0);
    assert.equal((await ageWarnings(20, undefined)).length, 1);
  });

  it("the option wins over the file", async () => {
    assert.equal((await ageWarnings(0, 10)).length, 1);
    assert.equal((await ageWarnings(10, 0)).length, 0);
    assert.equal((await ageWarnings(10, 45)).length, 0);
  });
});
