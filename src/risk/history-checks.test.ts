// History-based checks and criticality on small repositories built with controlled dates and authors.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { addHistory, gitIn, makeRepo, tempDir } from "../testing/risk-fixtures.js";
import { assessRisk } from "./assess.js";
import { assessCriticality, criticalityScore, parseSignals } from "./criticality.js";
import { readHistory } from "./history.js";

const NOW = new Date("2026-06-01T00:00:00Z");
const daysBefore = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

function repoWithHistory(commits: { days: number; email?: string }[]): string {
  const dir = makeRepo({}, { commit: false });
  addHistory(
    dir,
    commits.map((c) => ({ date: daysBefore(c.days), email: c.email })),
  );
  return dir;
}

async function check(dir: string, name: string) {
  return (await assessRisk({ path: dir, checks: [name], now: NOW })).checks[0];
}

describe("Maintained", () => {
  it("6 commits in the last 90 days of an old project → 5 (10 × 6 / 12)", async () => {
    const dir = repoWithHistory([{ days: 400 }, ...[80, 60, 40, 20, 10, 5].map((days) => ({ days }))]);
    const result = await check(dir, "Maintained");
    assert.equal(result.score, 5);
  });
  it("12 or more recent commits → 10; none → 0", async () => {
    const busy = repoWithHistory([{ days: 500 }, ...Array.from({ length: 13 }, (_, i) => ({ days: i + 1 }))]);
    assert.equal((await check(busy, "Maintained")).score, 10);
    const idle = repoWithHistory([{ days: 500 }, { days: 200 }]);
    assert.equal((await check(idle, "Maintained")).score, 0);
  });
  it("a project younger than 90 days → 0 with the reason", async () => {
    const dir = repoWithHistory([{ days: 30 }, { days: 1 }]);
    const result = await check(dir, "Maintained");
    assert.equal(result.score, 0);
    assert.match(result.reason, /younger than 90 days/);
  });
});

describe("Contributors", () => {
  it("counts organisations (email domains) of contributors with 5+ commits", async () => {
    const commits = [
      ...Array.from({ length: 5 }, () => ({ days: 10, email: "a@acme.example" })),
      ...Array.from({ length: 5 }, () => ({ days: 9, email: "b@globex.example" })),
      ...Array.from({ length: 5 }, () => ({ days: 8, email: "c@gmail.com" })),
      ...Array.from({ length: 2 }, () => ({ days: 7, email: "d@initech.example" })),
    ];
    const result = await check(repoWithHistory(commits), "Contributors");
    assert.equal(result.score, 6); // 2 organisations of 3 wanted: floor(10 × 2 / 3)
    assert.match(result.findings[0].message, /acme\.example, globex\.example/);
  });
});

describe("Contributors and noreply addresses", () => {
  it("noreply domains of any forge are not organisations", async () => {
    const commits = [
      ...Array.from({ length: 5 }, () => ({ days: 10, email: "bob@noreply.codeberg.org" })),
      ...Array.from({ length: 5 }, () => ({ days: 9, email: "ann@users.noreply.gitlab.acme.example" })),
      ...Array.from({ length: 5 }, () => ({ days: 8, email: "7+eve@users.noreply.github.com" })),
      ...Array.from({ length: 5 }, () => ({ days: 7, email: "dev@initech.example" })),
    ];
    const dir = repoWithHistory(commits);
    const result = await check(dir, "Contributors");
    assert.equal(result.score, 3); // initech.example only: floor(10 × 1 / 3)
    assert.equal(result.findings[0].message, "organisations: initech.example");
    const report = await assessRisk({ path: dir, now: NOW, checks: ["License"] });
    assert.equal(report.criticality.signals.org_count.value, 1);
  });
});

describe("a folder inside another git repository", () => {
  /** A monorepo: old, rare commits to packages/quiet by one author; frequent recent ones elsewhere. */
  function monorepo(): string {
    const dir = makeRepo({}, { commit: false });
    addHistory(dir, [
      ...[400, 300, 200].map((days) => ({
        date: daysBefore(days),
        email: "quiet@acme.example",
        files: { "packages/quiet/index.js": `// ${days}\n` },
      })),
      ...Array.from({ length: 15 }, (_, i) => ({
        date: daysBefore(20 - i),
        email: `dev${i % 5}@busy${i % 5}.example`,
        files: { "packages/busy/index.js": `// ${i}\n` },
      })),
    ]);
    return dir;
  }
  it("history checks and criticality use only the commits touching the folder, and the report says so", async () => {
    const dir = monorepo();
    const folder = join(dir, "packages", "quiet");
    const report = await assessRisk({ path: folder, now: NOW, checks: ["Maintained", "Contributors"] });
    assert.equal(report.repo.commits, 3);
    assert.equal(report.repo.folder, "packages/quiet");
    assert.equal(report.repo.enclosingRepository, dir);
    assert.equal(report.repo.files, 1);
    const [maintained, contributors] = report.checks;
    assert.equal(maintained.score, 0);
    assert.match(maintained.reason, /^0 commit\(s\) in the last 90 days/);
    assert.equal(contributors.score, 0); // one author with 3 commits: below the 5-commit bar
    assert.equal(report.criticality.signals.contributor_count.value, 1);
    assert.equal(report.criticality.signals.created_since.value, 13);
    assert.match(
      report.warnings[0],
      /folder packages\/quiet inside the git repository .* only the 3 commit\(s\) touching this folder/,
    );
    // The whole repository is still assessed as a whole.
    const whole = await assessRisk({ path: dir, now: NOW, checks: ["Maintained"] });
    assert.equal(whole.checks[0].score, 10);
    assert.equal(whole.repo.folder, undefined);
    assert.deepEqual(whole.warnings, []);
  });
  it("a folder no commit touches has no history of its own", async () => {
    const dir = monorepo();
    mkdirSync(join(dir, "packages", "new"));
    writeFileSync(join(dir, "packages", "new", "index.js"), "// new\n");
    const report = await assessRisk({ path: join(dir, "packages", "new"), now: NOW, checks: ["Maintained"] });
    assert.equal(report.checks[0].status, "not-evaluated");
    assert.match(
      report.checks[0].reason,
      /no commit of the enclosing git repository .* touches the folder packages\/new/,
    );
    assert.equal(report.repo.files, 1);
  });
  it("a folder the enclosing repository ignores is walked as a plain folder without history", async () => {
    const dir = monorepo();
    writeFileSync(join(dir, ".gitignore"), "build/\n");
    mkdirSync(join(dir, "build", "out"), { recursive: true });
    writeFileSync(join(dir, "build", "out", "LICENSE"), "MIT License\n");
    const report = await assessRisk({
      path: join(dir, "build", "out"),
      now: NOW,
      checks: ["License", "Maintained"],
    });
    assert.equal(report.repo.files, 1);
    assert.equal(report.repo.git, false);
    assert.equal(report.checks[0].score, 10);
    assert.match(report.checks[1].reason, /ignored by the enclosing git repository/);
    assert.match(report.warnings[0], /which ignores it: assessed as a plain folder without history/);
  });
});

describe("bad repositories", () => {
  it("not a git repository: history checks not evaluated, tree checks still run", async () => {
    const dir = tempDir("bulwark-risk-plain-");
    writeFileSync(join(dir, "LICENSE"), "MIT License\n");
    const report = await assessRisk({ path: dir, now: NOW });
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    assert.equal(byName.Maintained.status, "not-evaluated");
    assert.match(byName.Maintained.reason, /not a git repository/);
    assert.equal(byName.License.score, 10);
    assert.equal(report.criticality.score, null);
    assert.equal(report.repo.git, false);
  });
  it("empty repository: not evaluated with the reason", async () => {
    const dir = makeRepo({}, { commit: false });
    const report = await assessRisk({
      path: dir,
      now: NOW,
      checks: ["Maintained", "Contributors", "Signed-Releases"],
    });
    for (const c of report.checks) assert.match(c.reason, /empty repository/);
  });
  it("shallow clone: history incomplete", async () => {
    const origin = repoWithHistory([{ days: 300 }, { days: 200 }, { days: 10 }]);
    const clone = tempDir("bulwark-risk-shallow-");
    gitIn(clone, ["clone", "-q", "--depth", "1", `file://${origin}`, "c"]);
    const report = await assessRisk({
      path: join(clone, "c"),
      now: NOW,
      checks: ["Maintained", "Contributors"],
    });
    for (const c of report.checks) assert.equal(c.reason, "shallow clone: history incomplete");
    assert.deepEqual(Object.keys(report.criticality.signals), ["updated_since"]);
  });
  it("a path that does not exist is a RiskError", async () => {
    await assert.rejects(assessRisk({ path: "/nonexistent/bulwark" }), /no directory/);
  });
  it("an unknown check name is a RiskError listing the known ones", async () => {
    await assert.rejects(assessRisk({ path: ".", checks: ["Nope"] }), /unknown check "Nope"/);
  });
});

describe("criticality", () => {
  it("the formula on known values (criticality_score's Python form, divided by Σw = 8.5)", () => {
    const values = {
      created_since: 120,
      updated_since: 0,
      contributor_count: 5000,
      org_count: 10,
      commit_frequency: 1000,
      recent_release_count: 26,
      updated_issues_count: 5000,
      closed_issues_count: 5000,
      comment_frequency: 15,
      dependents_count: 500000,
    };
    // Every signal at its threshold contributes its full weight (sum 9.5) and updated_since = 0 contributes
    // -1·log(1)/log(121) = 0; the original divides by Σw = 8.5, so a maximal project scores above 1.
    assert.equal(criticalityScore(values), Math.round((9.5 / 8.5) * 1e5) / 1e5);
    const one = criticalityScore({ contributor_count: 50, org_count: 2 });
    const expected = ((2 * Math.log(51)) / Math.log(5001) + Math.log(3) / Math.log(11)) / 3;
    assert.equal(one, Math.round(expected * 1e5) / 1e5);
    assert.equal(criticalityScore({}), null);
  });
  it("git signals from history, supplied signals win, missing ones are listed", async () => {
    const dir = repoWithHistory([
      { days: 730, email: "a@acme.example" },
      { days: 100, email: "b@globex.example" },
      { days: 14, email: "c@gmail.com" },
    ]);
    gitIn(dir, ["tag", "v1.0.0"]);
    const history = await readHistory(dir);
    const result = assessCriticality(history, NOW, { dependents_count: 1200 });
    assert.equal(result.signals.created_since.value, 24);
    assert.equal(result.signals.updated_since.value, 0);
    assert.equal(result.signals.contributor_count.value, 3);
    assert.equal(result.signals.org_count.value, 2);
    assert.equal(result.signals.commit_frequency.value, Math.round((2 / 52) * 10) / 10);
    assert.equal(result.signals.dependents_count.source, "signals-file");
    assert.deepEqual(result.missing, ["updated_issues_count", "closed_issues_count", "comment_frequency"]);
    assert.ok(result.score !== null && result.score > 0 && result.score < 1);
  });
  it("--signals files: unknown names and non-numbers are errors naming the field", () => {
    assert.deepEqual(parseSignals('{"dependents_count": 5}', "s.json"), { dependents_count: 5 });
    assert.throws(() => parseSignals('{"stars": 5}', "s.json"), /unknown signal "stars"/);
    assert.throws(() => parseSignals('{"dependents_count": "5"}', "s.json"), /non-negative number/);
    assert.throws(() => parseSignals("{", "s.json"), /s\.json is not valid JSON/);
  });
});

describe("Signed-Releases", () => {
  it("unsigned tags → 0; no tags → not evaluated", async () => {
    const dir = repoWithHistory([{ days: 10 }]);
    assert.equal((await check(dir, "Signed-Releases")).status, "not-evaluated");
    gitIn(dir, ["tag", "v1"]);
    assert.equal((await check(dir, "Signed-Releases")).score, 0);
  });
  it("a signature file for the release in the tree → 8", async () => {
    const dir = repoWithHistory([{ days: 10 }]);
    addHistory(dir, [
      { date: daysBefore(5), files: { "dist/app-v2.tar.gz.asc": "-----BEGIN PGP SIGNATURE-----\n" } },
    ]);
    gitIn(dir, ["tag", "v2"]);
    assert.equal((await check(dir, "Signed-Releases")).score, 8);
  });
});
