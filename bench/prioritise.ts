// Prioritisation and policy benchmarks: reading and storing the real KEV catalogue, reading and storing an
// EPSS file of the daily file's size, looking up a scan's ids, prioritising and evaluating a policy on
// dependency-track-frontend's real findings. Prints figures; never asserts.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { evaluatePolicy } from "../src/policy/evaluate.js";
import { parsePolicy } from "../src/policy/index.js";
import {
  exploitFactsFor,
  openSqliteExploitStore,
  parseEpssFile,
  parseKevCatalogue,
  prioritiseFindings,
} from "../src/prioritise/index.js";
import { scan } from "../src/scan/index.js";
import { corpusPath } from "../src/testing/corpus.js";
import { buildCorpusDatabase } from "../src/testing/corpus-advisories.js";
import { emptyAdvisoryDatabase } from "../src/testing/prioritise-fixtures.js";

const ms = (x: number) => `${x.toFixed(1)} ms`;
async function time<T>(what: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await work();
  console.log(`${what}: ${ms(performance.now() - start)}`);
  return result;
}
console.log(`load ${loadavg()[0]!.toFixed(1)}`);

const kevFile = corpusPath("kev", "known_exploited_vulnerabilities.json");
const kevText = readFileSync(kevFile, "utf8");
const kev = await time("parse + validate the KEV catalogue (1,404 entries, 1.4 MB)", () =>
  parseKevCatalogue(kevText, kevFile),
);

// No real EPSS file is at hand: a file of the daily file's size (about 300,000 CVEs) in its documented
// layout, with generated ids and values, measures reading and storing only.
const rows = Array.from(
  { length: 300_000 },
  (_, i) => `CVE-${2000 + (i % 26)}-${String(i).padStart(6, "0")},0.0${i % 10},0.${i % 100}`,
);
const epssBytes = gzipSync(
  `#model_version:v2025.03.14,score_date:2026-01-05T00:00:00+0000\ncve,epss,percentile\n${rows.join("\n")}\n`,
);
const epss = await time(
  `parse an EPSS file of 300,000 rows (${(epssBytes.length / 1e6).toFixed(1)} MB gzipped)`,
  () => parseEpssFile(epssBytes, "epss.csv.gz"),
);

const db = await emptyAdvisoryDatabase();
const store = await openSqliteExploitStore(db.path, "write");
await time("store the KEV catalogue (SQLite, one transaction)", () => store.replaceKev(kev, new Date()));
await time("store 300,000 EPSS scores (SQLite, one transaction)", () => store.replaceEpss(epss, new Date()));

const advisories = await buildCorpusDatabase();
const result = await scan(
  { paths: [corpusPath("projects", "dependency-track-frontend")] },
  advisories.reader,
);
const ids = result.findings.flatMap((f) => [f.id, ...f.aliases]);
const facts = await time(`look up ${ids.length} ids of ${result.findings.length} findings`, () =>
  exploitFactsFor(store, result.findings),
);
const many = kev.entries.map((e) => e.cveID).concat(epss.scores.slice(0, 8596).map((s) => s.cve));
await time(`look up ${many.length} ids`, () => store.lookup(many));
await time(`prioritise ${result.findings.length} findings of ${result.packages.length} packages`, () =>
  prioritiseFindings(result.findings, result.packages, facts, ["internet-facing"]),
);
const policy = parsePolicy(
  '[[rule]]\nname = "kev"\nlevel = "fail"\nkev = true\n[[rule]]\nname = "high"\nlevel = "warn"\nseverity = "high"\n[[rule]]\nname = "licences"\nlevel = "info"\nlicenses = { allow = ["MIT", "ISC", "Apache-2.0"], unknown = "violation" }\n',
  "bench.toml",
);
const outcome = await time("evaluate a 3-rule policy (KEV, severity, licence allow-list)", () =>
  evaluatePolicy(policy, { findings: result.findings, packages: result.packages, exploits: facts }),
);
console.log(`  -> ${outcome.violations.length} violations`);
await store.close();
advisories.cleanup();
db.cleanup();
