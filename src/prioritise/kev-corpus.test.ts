import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import yaml from "js-yaml";
import type { OsvRecord } from "../model/osv.js";
import { corpusPath } from "../testing/corpus.js";
import { CORPUS_OSV_FOLDERS } from "../testing/corpus-advisories.js";
import { corpusKev } from "../testing/prioritise-fixtures.js";
import { kevEntryOf } from "./exploit-data.js";
import { MemoryExploitStore } from "./memory-store.js";

/** Every OSV record of the corpus, read as published. */
function corpusRecords(): OsvRecord[] {
  const records: OsvRecord[] = [];
  for (const folder of CORPUS_OSV_FOLDERS) {
    const root = corpusPath("osv", folder);
    for (const file of readdirSync(root, { recursive: true }) as string[]) {
      const text = () => readFileSync(join(root, file), "utf8");
      if (file.endsWith(".json")) records.push(JSON.parse(text()));
      else if (/\.ya?ml$/.test(file)) records.push(yaml.load(text()) as OsvRecord);
    }
  }
  return records.filter((r) => typeof r?.id === "string");
}

describe("KEV flags on the corpus records", () => {
  it("exactly the 12 records whose aliases are KEV-listed are flagged, by the listed CVE (checked by hand)", async () => {
    const store = new MemoryExploitStore();
    await store.replaceKev(corpusKev(), new Date("2026-01-05T00:00:00Z"));
    const records = corpusRecords();
    assert.ok(records.length > 7000, `${records.length} records read`);
    const facts = await store.lookup(records.flatMap((r) => [r.id, ...(r.aliases ?? [])]));
    const flagged = records
      .map((r) => ({ id: r.id, entry: kevEntryOf(facts, { id: r.id, aliases: r.aliases ?? [] }) }))
      .filter((r) => r.entry)
      .map((r) => `${r.id} ${r.entry?.cveID} ${r.entry?.dateAdded}`)
      .sort();
    // Each line: the record, the alias CISA lists, the day it was added (looked up in the catalogue by hand).
    assert.deepEqual(flagged, [
      "GHSA-c9hw-wf7x-jp9j CVE-2020-1938 2022-03-03", // Tomcat "Ghostcat"
      "GHSA-p836-389h-j692 CVE-2016-4437 2021-11-03", // Apache Shiro
      "GHSA-pjfr-qf3p-3q25 CVE-2017-12615 2022-03-25", // Tomcat on Windows RCE
      "GHSA-qppj-fm5r-hxr3 CVE-2023-44487 2023-10-10", // HTTP/2 rapid reset
      "GO-2022-0535 CVE-2020-0601 2021-11-03", // Windows CryptoAPI spoofing, Go crypto/x509
      "GO-2025-3459 CVE-2025-24016 2025-06-10", // Wazuh
      "PYSEC-2020-102 CVE-2020-11651 2021-11-03", // SaltStack
      "PYSEC-2020-103 CVE-2020-11652 2021-11-03", // SaltStack
      "PYSEC-2020-104 CVE-2020-16846 2021-11-03", // SaltStack shell injection
      "PYSEC-2020-14 CVE-2020-11978 2022-01-18", // Airflow command injection
      "PYSEC-2020-18 CVE-2020-13927 2022-01-18", // Airflow experimental API auth bypass
      "PYSEC-2022-236 CVE-2022-33891 2023-03-07", // Spark command injection
    ]);
  });
});
