import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Finding, ScanResult } from "../model/finding.js";
import { scan } from "../scan/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { corpusKev, emptyAdvisoryDatabase, guacWithRapidReset } from "../testing/prioritise-fixtures.js";
import { type ExploitFacts, NO_EXPLOIT_FACTS } from "./exploit-data.js";
import { exploitFactsFor } from "./index.js";
import { MemoryExploitStore } from "./memory-store.js";
import { contextsOf, PRIORITY_POINTS, prioritiseFindings, priorityOf } from "./priority.js";

let advisories: CorpusAdvisories;
let tmp: Awaited<ReturnType<typeof emptyAdvisoryDatabase>>;
let guac: ScanResult;
let facts: ExploitFacts;
const store = new MemoryExploitStore();
const round1 = (n: number) => Math.round(n * 10) / 10;

before(async () => {
  advisories = await buildCorpusDatabase();
  tmp = await emptyAdvisoryDatabase();
  guac = await scan({ paths: [guacWithRapidReset(tmp.dir)] }, advisories.reader);
  await store.replaceKev(corpusKev(), new Date("2026-01-05T00:00:00Z"));
  facts = await exploitFactsFor(store, guac.findings);
});
after(() => {
  advisories.cleanup();
  tmp.cleanup();
});

const rapidReset = (name: string) =>
  guac.findings.find((f) => f.package.name === name && [f.id, ...f.aliases].includes("CVE-2023-44487"));

describe("the priority of real findings (guac's go.mod with two packages moved back into CVE-2023-44487)", () => {
  it("grpc 1.56.2 (direct): CVSS × 4 + KEV 40 + direct 5, every term in words", () => {
    const f = rapidReset("google.golang.org/grpc") as Finding;
    assert.ok(f, "the scan finds CVE-2023-44487 in grpc 1.56.2 (introduced 0, fixed 1.56.3)");
    const cvss = f.severity.score as number;
    assert.ok(cvss > 0);
    const [context] = contextsOf([f], guac.packages, []);
    assert.deepEqual(context, { direct: true, developmentOnly: false, tags: [] });
    const p = priorityOf(f, facts, context!);
    assert.equal(p.score, round1(4 * cvss + 40 + 5));
    assert.equal(p.level, "P1");
    assert.deepEqual(p.reasons, [
      `CVSS ${cvss.toFixed(1)} (${f.severity.rating}): +${round1(4 * cvss)}`,
      "CVE-2023-44487 is in CISA's Known Exploited Vulnerabilities catalogue (added 2023-10-10): +40",
      "direct dependency: +5",
    ]);
    assert.deepEqual(p.factors.kev, {
      cve: "CVE-2023-44487",
      dateAdded: "2023-10-10",
      dueDate: "2023-10-31",
      ransomware: false,
    });
  });

  it("golang.org/x/net 0.16.0 (go.mod says indirect): no direct term; internet-facing adds 10", () => {
    const f = rapidReset("golang.org/x/net") as Finding;
    assert.ok(f, "the scan finds CVE-2023-44487 in x/net 0.16.0 (introduced 0, fixed 0.17.0)");
    const [context] = contextsOf([f], guac.packages, ["internet-facing"]);
    assert.equal(context?.direct, false);
    const p = priorityOf(f, facts, context!);
    assert.equal(p.score, round1(4 * (f.severity.score as number) + 40 + 10));
    assert.ok(p.reasons.includes("the project is internet-facing: +10"));
    assert.ok(!p.reasons.some((r) => r.startsWith("direct")));
  });

  it("without KEV data the same findings lose exactly the KEV term", () => {
    const f = rapidReset("google.golang.org/grpc") as Finding;
    const [context] = contextsOf([f], guac.packages, []);
    const withKev = priorityOf(f, facts, context!);
    const without = priorityOf(f, NO_EXPLOIT_FACTS, context!);
    assert.equal(round1(withKev.score - without.score), PRIORITY_POINTS.kev);
  });

  it("--sort priority order: the KEV-listed findings first, grpc (direct) before x/net; stable on a second run", () => {
    const sorted = prioritiseFindings([...guac.findings], guac.packages, facts, []);
    const kevListed = sorted.filter((f) => f.priority?.factors.kev);
    assert.ok(kevListed.length >= 2);
    for (const f of sorted.slice(0, kevListed.length))
      assert.ok(f.priority?.factors.kev, `${f.id} is KEV-listed`);
    assert.equal(sorted[0]?.package.name, "google.golang.org/grpc");
    for (let i = 1; i < sorted.length; i++)
      assert.ok(sorted[i - 1]!.priority!.score >= sorted[i]!.priority!.score, "descending");
    const again = prioritiseFindings([...guac.findings].reverse().reverse(), guac.packages, facts, []);
    assert.deepEqual(
      again.map((f) => `${f.id} ${f.package.purl}`),
      sorted.map((f) => `${f.id} ${f.package.purl}`),
    );
  });

  it("Go records carry no severity: counted as medium (20), said so", () => {
    const unrated = guac.findings.find(
      (f) => f.severity.rating === "unknown" && !f.priority?.factors.kev,
    ) as Finding;
    assert.ok(unrated, "guac has Go findings without a severity");
    const p = priorityOf(unrated, NO_EXPLOIT_FACTS, { developmentOnly: false, tags: [] });
    assert.deepEqual(p.reasons, ["no severity given (counted as medium): +20"]);
    assert.equal(p.level, "P3");
  });
});

describe("the priority's properties, on copies of a real finding", () => {
  const base = () => structuredClone(rapidReset("google.golang.org/grpc") as Finding);
  const ctx = { direct: false, developmentOnly: false, tags: [] as string[] };
  const epssFacts = (probability: number): ExploitFacts => ({
    kev: new Map(),
    epss: new Map([["CVE-2023-44487", { cve: "CVE-2023-44487", epss: probability, percentile: 0.5 }]]),
    status: {},
  });

  it("EPSS adds 25 × the probability, never as much as a KEV listing, and not on top of one", () => {
    const f = base();
    const none = priorityOf(f, NO_EXPLOIT_FACTS, ctx).score;
    assert.equal(round1(priorityOf(f, epssFacts(0.4), ctx).score - none), 10);
    assert.ok(priorityOf(f, epssFacts(1), ctx).score < priorityOf(f, facts, ctx).score);
    const both: ExploitFacts = { ...facts, epss: epssFacts(0.9).epss };
    assert.equal(priorityOf(f, both, ctx).score, priorityOf(f, facts, ctx).score);
  });

  it("a KEV listing outranks any CVSS score without one, in the same context", () => {
    const listed = base();
    listed.severity = { score: 0.1, rating: "low", type: "CVSS_V3" };
    const worst = base();
    worst.id = "GHSA-none";
    worst.aliases = [];
    worst.severity = { score: 10, rating: "critical", type: "CVSS_V3" };
    assert.ok(priorityOf(listed, facts, ctx).score > priorityOf(worst, facts, ctx).score);
  });

  it("a development-only package loses 20 points; the score never goes below 0", () => {
    const f = base();
    f.severity = { score: 1, rating: "low", type: "CVSS_V3" };
    const p = priorityOf(f, NO_EXPLOIT_FACTS, { ...ctx, developmentOnly: true });
    assert.equal(p.score, 0);
    assert.equal(p.level, "P4");
    assert.ok(p.reasons.includes("development-only dependency: −20"));
  });
});

describe("development-only packages from a real package-lock (dependency-track-frontend)", () => {
  it("findings in packages the lockfile marks dev (and only dev) are development-only; the others are not", async () => {
    const result = await scan(
      { paths: [corpusPath("projects", "dependency-track-frontend")] },
      advisories.reader,
    );
    const lock = JSON.parse(
      readFileSync(corpusPath("projects", "dependency-track-frontend", "package-lock.json"), "utf8"),
    );
    const devByKey = new Map<string, boolean>();
    for (const [key, entry] of Object.entries<{ version?: string; dev?: boolean; devOptional?: boolean }>(
      lock.packages,
    ))
      if (key) devByKey.set(`${key.split("node_modules/").pop()}@${entry.version}`, entry.dev === true);
    const contexts = contextsOf(result.findings, result.packages, []);
    let dev = 0;
    let runtime = 0;
    result.findings.forEach((f, i) => {
      const expected = devByKey.get(`${f.package.name}@${f.package.version}`);
      assert.notEqual(expected, undefined, `${f.package.name}@${f.package.version} is in the lockfile`);
      assert.equal(contexts[i]?.developmentOnly, expected, `${f.package.name}@${f.package.version}`);
      if (expected) dev++;
      else runtime++;
    });
    assert.ok(dev > 0 && runtime > 0, `both kinds occur (${dev} dev, ${runtime} runtime)`);
  });
});
