import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { ScanResult } from "../model/finding.js";
import { NO_EXPLOIT_FACTS } from "../prioritise/exploit-data.js";
import { exploitFactsFor } from "../prioritise/index.js";
import { MemoryExploitStore } from "../prioritise/memory-store.js";
import { assessRisk } from "../risk/index.js";
import { scan } from "../scan/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { corpusKev, emptyAdvisoryDatabase, guacWithRapidReset } from "../testing/prioritise-fixtures.js";
import { evaluatePolicy } from "./evaluate.js";
import { parsePolicy } from "./parse.js";
import { riskScoreFromReport } from "./risk.js";

let advisories: CorpusAdvisories;
let tmp: Awaited<ReturnType<typeof emptyAdvisoryDatabase>>;
let frontend: ScanResult;
let rapidReset: ScanResult;
const kevStore = new MemoryExploitStore();
const FRONTEND = corpusPath("projects", "dependency-track-frontend");

before(async () => {
  advisories = await buildCorpusDatabase();
  tmp = await emptyAdvisoryDatabase();
  frontend = await scan({ paths: [FRONTEND] }, advisories.reader);
  rapidReset = await scan({ paths: [guacWithRapidReset(tmp.dir)] }, advisories.reader);
  await kevStore.replaceKev(corpusKev(), new Date("2026-01-05T00:00:00Z"));
});
after(() => {
  advisories.cleanup();
  tmp.cleanup();
});

const policy = (rules: string) => parsePolicy(rules, "policy.toml");
const rule = (body: string) => policy(`[[rule]]\nname = "r"\nlevel = "fail"\n${body}`);

/** name@version -> the `license` field of dependency-track-frontend's package-lock.json, read directly. */
function lockLicences(): Map<string, string | undefined> {
  const lock = JSON.parse(readFileSync(`${FRONTEND}/package-lock.json`, "utf8"));
  const out = new Map<string, string | undefined>();
  for (const [key, entry] of Object.entries<{ version?: string; license?: string }>(lock.packages))
    if (key) out.set(`${key.split("node_modules/").pop()}@${entry.version}`, entry.license);
  return out;
}

describe("licence rules on dependency-track-frontend's real licences (package-lock.json)", () => {
  const subjects = (outcome: ReturnType<typeof evaluatePolicy>) =>
    outcome.violations.map((v) => (v.subject.kind === "package" ? v.subject.purl : "?")).sort();
  const pkgOf = (purl: string) => frontend.packages.find((p) => p.purl === purl);

  it("allow MIT: exactly the packages whose lockfile licence is something else are violations", () => {
    const outcome = evaluatePolicy(rule('licenses.allow = ["MIT"]'), {
      findings: [],
      packages: frontend.packages,
      exploits: NO_EXPLOIT_FACTS,
    });
    const expected = [...lockLicences()]
      .filter(([, l]) => l !== undefined && l !== "MIT")
      .map(([k]) => k)
      .sort();
    assert.ok(expected.length >= 4, `${expected.join(", ")}`);
    const got = subjects(outcome)
      .map((purl) => `${pkgOf(purl)?.name}@${pkgOf(purl)?.version}`)
      .sort();
    assert.deepEqual([...new Set(got)], expected);
    const dompurify = outcome.violations.find((v) => v.message.startsWith("dompurify@"));
    assert.match(
      dompurify?.message ?? "",
      /licence \(MPL-2\.0 OR Apache-2\.0\) is not covered by the allowed licences/,
    );
    assert.equal(dompurify?.locations?.[0]?.path, "package-lock.json");
    assert.equal(outcome.counts.fail, outcome.violations.length);
  });

  it("unknown = violation also reports every package without a licence in the lockfile", () => {
    const outcome = evaluatePolicy(rule('licenses = { allow = ["MIT"], unknown = "violation" }'), {
      findings: [],
      packages: frontend.packages,
      exploits: NO_EXPLOIT_FACTS,
    });
    const unknown = outcome.violations.filter((v) => v.message.endsWith("licence unknown"));
    const resolved = frontend.packages.filter((p) => p.resolved);
    assert.equal(
      unknown.length,
      new Set(resolved.filter((p) => !p.licenses?.length).map((p) => p.purl)).size,
    );
    assert.ok(unknown.length > 1000, "most entries of a v2 lockfile carry no licence");
  });

  it("deny MPL-2.0 spares dompurify (MPL-2.0 OR Apache-2.0); denying both licences catches it", () => {
    const spared = evaluatePolicy(rule('licenses.deny = ["MPL-2.0"]'), {
      findings: [],
      packages: frontend.packages,
      exploits: NO_EXPLOIT_FACTS,
    });
    assert.deepEqual(spared.violations, []);
    const both = evaluatePolicy(rule('licenses.deny = ["MPL-2.0", "Apache-2.0"]'), {
      findings: [],
      packages: frontend.packages,
      exploits: NO_EXPLOIT_FACTS,
    });
    const expected = [...lockLicences()]
      .filter(([, l]) => l && /Apache-2\.0/.test(l))
      .map(([k]) => k)
      .sort();
    assert.deepEqual(
      subjects(both)
        .map((p) => `${pkgOf(p)?.name}@${pkgOf(p)?.version}`)
        .sort(),
      expected,
    );
    assert.ok(expected.some((k) => k.startsWith("dompurify@")));
  });
});

describe("finding rules on real scans", () => {
  it("kev = true: the findings whose aliases CISA lists, and nothing on guac as published", async () => {
    const listed = new Set(corpusKev().entries.map((e) => e.cveID));
    const exploits = await exploitFactsFor(kevStore, rapidReset.findings);
    const outcome = evaluatePolicy(rule("kev = true"), {
      findings: rapidReset.findings,
      packages: rapidReset.packages,
      exploits,
    });
    const expected = rapidReset.findings.filter((f) => [f.id, ...f.aliases].some((id) => listed.has(id)));
    assert.deepEqual(
      expected.map((f) => f.package.name).sort(),
      ["golang.org/x/net", "google.golang.org/grpc"],
      "the two packages moved back into CVE-2023-44487",
    );
    assert.deepEqual(
      outcome.violations.map((v) =>
        v.subject.kind === "finding" ? `${v.subject.id} ${v.subject.purl}` : "",
      ),
      expected.map((f) => `${f.id} ${f.package.purl}`),
    );
    assert.match(
      outcome.violations[0]?.message ?? "",
      /CVE-2023-44487 is in CISA's KEV catalogue \(added 2023-10-10\)/,
    );
    assert.deepEqual(outcome.notes, []);

    const guac = await scan({ paths: [corpusPath("projects", "guac")] }, advisories.reader);
    const clean = evaluatePolicy(rule("kev = true"), {
      findings: guac.findings,
      packages: guac.packages,
      exploits: await exploitFactsFor(kevStore, guac.findings),
    });
    assert.ok(guac.findings.length > 40);
    assert.deepEqual(
      clean.violations,
      [],
      "none of guac's findings is KEV-listed (checked when the corpus was searched)",
    );
  });

  it("without a KEV catalogue the condition matches nothing and says so", () => {
    const outcome = evaluatePolicy(rule("kev = true"), {
      findings: rapidReset.findings,
      packages: rapidReset.packages,
      exploits: NO_EXPLOIT_FACTS,
    });
    assert.deepEqual(outcome.violations, []);
    assert.deepEqual(outcome.notes, [
      'rule "r": no KEV catalogue was imported, so its kev condition matched nothing',
    ]);
  });

  it("severity >= high: every unsuppressed critical or high finding, and only those", () => {
    const outcome = evaluatePolicy(rule('severity = "high"'), {
      findings: frontend.findings,
      packages: frontend.packages,
      exploits: NO_EXPLOIT_FACTS,
    });
    const expected = frontend.findings.filter(
      (f) => !f.suppressed && ["critical", "high"].includes(f.severity.rating),
    );
    assert.ok(expected.length > 0 && expected.length < frontend.findings.length);
    assert.equal(outcome.violations.length, expected.length);
    const suppressed = structuredClone(frontend.findings);
    for (const f of suppressed) f.suppressed = { by: "ignore", reason: "test", source: "bulwark.toml" };
    assert.deepEqual(
      evaluatePolicy(rule('severity = "high"'), {
        findings: suppressed,
        packages: frontend.packages,
        exploits: NO_EXPLOIT_FACTS,
      }).violations,
      [],
    );
  });

  it("a finding rule with a package pattern judges only those packages' findings", () => {
    const outcome = evaluatePolicy(rule('severity = "low"\npackages = ["pkg:npm/braces"]'), {
      findings: frontend.findings,
      packages: frontend.packages,
      exploits: NO_EXPLOIT_FACTS,
    });
    const expected = frontend.findings.filter(
      (f) => f.package.name === "braces" && f.severity.rating !== "unknown",
    );
    assert.deepEqual(
      outcome.violations.map((v) => (v.subject.kind === "finding" ? v.subject.purl : "")).sort(),
      expected.map((f) => f.package.purl).sort(),
    );
    assert.deepEqual([...new Set(expected.map((f) => f.package.version))].sort(), ["2.3.2", "3.0.2"]);
    assert.match(outcome.violations[0]?.message ?? "", /; matches pkg:npm\/braces$/);
  });

  it("epss >= threshold reads the scores looked up (documented layout; values only exercise the comparison)", async () => {
    const store = new MemoryExploitStore();
    await store.replaceEpss(
      {
        modelVersion: "v2025.03.14",
        scoreDate: "2026-01-05T00:00:00.000Z",
        scores: [{ cve: "CVE-2023-44487", epss: 0.2, percentile: 0.5 }],
      },
      new Date(),
    );
    const exploits = await exploitFactsFor(store, rapidReset.findings);
    const at = (threshold: number) =>
      evaluatePolicy(rule(`epss = ${threshold}`), {
        findings: rapidReset.findings,
        packages: rapidReset.packages,
        exploits,
      }).violations.length;
    assert.equal(at(0.2), 2);
    assert.equal(at(0.21), 0);
  });
});

describe("risk rules", () => {
  it("risk_below judges the project's score from a real `bulwark risk` JSON report", async () => {
    const report = await assessRisk({ path: FRONTEND });
    assert.equal(typeof report.score, "number");
    const risk = [riskScoreFromReport(JSON.stringify(report), "risk.json")];
    const input = {
      findings: [],
      packages: frontend.packages,
      exploits: NO_EXPLOIT_FACTS,
      project: { name: "frontend", risk },
    };
    const below = evaluatePolicy(rule(`risk_below = ${(report.score as number) + 0.1}`), input);
    assert.deepEqual(
      below.violations.map((v) => v.subject),
      [{ kind: "project", name: "frontend" }],
    );
    assert.match(
      below.violations[0]?.message ?? "",
      new RegExp(`risk score ${report.score} \\(risk\\.json\\) is below`),
    );
    assert.deepEqual(evaluatePolicy(rule(`risk_below = ${report.score}`), input).violations, []);
    const none = evaluatePolicy(rule("risk_below = 5"), { ...input, project: {} });
    assert.match(none.notes[0] ?? "", /no risk results were given/);
  });

  it("a file that is not a risk report is refused, naming it", () => {
    assert.throws(
      () => riskScoreFromReport(readFileSync(`${FRONTEND}/package.json`, "utf8"), "package.json"),
      /package\.json: not a `bulwark risk` JSON report/,
    );
    assert.throws(() => riskScoreFromReport("{", "risk.json"), /risk\.json: not JSON/);
  });
});
