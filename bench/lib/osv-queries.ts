// The 1,000 querybatch queries the OSV API benchmarks send: drawn from the real Go and PyPI corpus records.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseOsvDocument } from "../../src/advisories/osv-reader.js";
import type { OsvRecord } from "../../src/model/osv.js";
import { corpusPath } from "../../src/testing/corpus.js";

export interface PackageQuery {
  package: { ecosystem: string; name: string };
  version: string;
}

/**
 * `count` queries from the corpus records, alternating Go and PyPI: each record's package at one of the
 * versions it names (listed versions and range events), picked by a fixed stride, so a run is repeatable and
 * most queries are affected. Records are taken in id order, so Go's stdlib (about 170 records) comes often.
 */
export function drawQueries(count: number): PackageQuery[] {
  const pools = ["go", "pypi"].map((folder) => {
    const pool: PackageQuery[] = [];
    for (const record of recordsIn(corpusPath("osv", folder))) {
      const entry = (record.affected ?? []).find(
        (a) => a.package && ["Go", "PyPI"].includes(a.package.ecosystem),
      );
      if (!entry?.package) continue;
      const events = (entry.ranges ?? []).flatMap((r) => r.events.flatMap((e) => Object.values(e)));
      const versions = [...(entry.versions ?? []), ...events].filter(
        (v) => v !== "0" && !/^[0-9a-f]{40}$/.test(v),
      );
      if (versions.length === 0) continue;
      const version = versions[(pool.length * 7) % versions.length]!;
      pool.push({ package: { ecosystem: entry.package.ecosystem, name: entry.package.name }, version });
    }
    return pool;
  });
  const out: PackageQuery[] = [];
  for (let i = 0; out.length < count; i++) {
    const pool = pools[i % 2]!;
    out.push(pool[(Math.floor(i / 2) * 3) % pool.length]!);
  }
  return out;
}

/** Every OSV record of the files under `dir`, in file-name order. */
export function recordsIn(dir: string): OsvRecord[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .sort();
  return files.flatMap((f) => parseOsvDocument(readFileSync(join(dir, f)), f).records);
}
