import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { PolicyViolation } from "../../model/policy.js";
import {
  type CorpusProject,
  corpusProject,
  findingsFor,
  npmAdvisories,
} from "../../testing/portfolio-fixtures.js";
import { truncateAllTables, usePostgresTestDatabase } from "../../testing/postgres.js";
import {
  type FindingFacts,
  openPortfolioStore,
  type PackageUsage,
  type Page,
  type PortfolioLocation,
  type PortfolioStore,
} from "./index.js";

// The audit ranking's materialised usage, risk results and policy violations, on SQLite and PostgreSQL, with
// the corpus projects' real components and the findings the corpus npm advisories really give them. The
// central check: after every kind of change, the materialised ranking equals the ranking recomputed from the
// component and finding rows (what a scoped key reads).

const at = (minutes: number) =>
  new Date(Date.parse("2025-03-01T00:00:00.000Z") + minutes * 60_000).toISOString();
const tmp = mkdtempSync(join(tmpdir(), "bulwark-ranking-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();

let frontend: CorpusProject;
let sigstore: CorpusProject;
let frontendFindings: FindingFacts[];
let sigstoreFindings: FindingFacts[];
before(async () => {
  [frontend, sigstore] = await Promise.all([
    corpusProject("dependency-track-frontend"),
    corpusProject("sigstore-js"),
  ]);
  const advisories = await npmAdvisories();
  frontendFindings = findingsFor(frontend.components, advisories);
  sigstoreFindings = findingsFor(sigstore.components, advisories);
  assert.ok(frontendFindings.length >= 10);
});

let files = 0;
const factories: { name: string; fresh(): Promise<PortfolioStore> }[] = [
  {
    name: "sqlite",
    fresh: () => openPortfolioStore({ kind: "sqlite", path: join(tmp, `s${++files}`, "portfolio.db") }),
  },
  {
    name: "postgres",
    async fresh() {
      const location: PortfolioLocation = { kind: "postgres", url: postgres.url };
      const store = await openPortfolioStore(location);
      await truncateAllTables(postgres.url);
      return store;
    },
  },
];

async function withStore(factory: (typeof factories)[number], work: (s: PortfolioStore) => Promise<void>) {
  const store = await factory.fresh();
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

async function all<T>(page: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = await page(cursor);
    out.push(...p.items);
    if (p.nextCursor === null) return out;
    cursor = p.nextCursor;
  }
}

/** The whole ranking, materialised and recomputed over every project: they must agree. */
async function agreed(store: PortfolioStore): Promise<PackageUsage[]> {
  const materialised = await all((cursor) =>
    store.ranking.list({ limit: 37, ...(cursor ? { cursor } : {}) }),
  );
  const recomputed = await all((cursor) =>
    store.ranking.list({ limit: 1000, projectPatterns: ["*"], ...(cursor ? { cursor } : {}) }),
  );
  const strip = (u: PackageUsage) => ({ ...u, samplePurl: "" });
  assert.deepEqual(materialised.map(strip), recomputed.map(strip));
  return materialised;
}

const keyOf = (u: PackageUsage) => `${u.key.ecosystem}/${u.key.name}`;

for (const factory of factories) {
  describe(`ranking store on ${factory.name}`, () => {
    test("usage follows components and findings; the materialised ranking equals the recomputed one", () =>
      withStore(factory, async (store) => {
        assert.deepEqual((await store.ranking.list()).items, []);
        const a = (await store.projects.ensure("web/frontend", at(0))).project;
        const b = (await store.projects.ensure("infra/sigstore", at(0))).project;
        await store.components.replace(a.id, "", frontend.components);
        await store.components.replace(b.id, "", sigstore.components);
        await store.components.replace(b.id, "release", sigstore.components.slice(0, 50));
        let ranking = await agreed(store);
        const keys = new Set(
          [...frontend.components, ...sigstore.components].map((c) => `${c.key.ecosystem}/${c.key.name}`),
        );
        assert.equal(ranking.length, keys.size);
        const shared = ranking.filter((u) => u.projects === 2);
        assert.ok(shared.length > 0, "the two corpus projects share packages");
        for (const u of ranking) {
          assert.ok(u.directProjects + u.transitiveProjects <= u.projects);
          assert.equal(u.openVulnerabilities, 0);
        }
        // shared packages outrank the others when nothing else differs
        assert.equal(ranking[0]?.projects, 2);

        const ids = await store.findings.insert(
          frontendFindings.map((f) => ({ ...f, projectId: a.id, projectVersion: "", detectedAt: at(1) })),
        );
        await store.findings.insert(
          sigstoreFindings.map((f) => ({ ...f, projectId: b.id, projectVersion: "", detectedAt: at(1) })),
        );
        ranking = await agreed(store);
        const vulnerable = ranking.filter((u) => u.openVulnerabilities > 0);
        assert.ok(vulnerable.length > 0);
        const expected = new Map<string, Set<string>>();
        for (const f of [...frontendFindings, ...sigstoreFindings]) {
          const k = `${f.key.ecosystem}/${f.key.name}`;
          expected.set(k, (expected.get(k) ?? new Set()).add(f.finding.id));
        }
        for (const u of vulnerable) assert.equal(u.openVulnerabilities, expected.get(keyOf(u))?.size);

        // fixing the frontend's findings leaves only the sigstore ones counted
        await store.findings.transition(ids, { state: "fixed", at: at(2) });
        ranking = await agreed(store);
        const first = frontendFindings[0]!;
        const row = ranking.find((u) => keyOf(u) === `${first.key.ecosystem}/${first.key.name}`);
        const left = new Set(
          sigstoreFindings
            .filter((f) => f.key.ecosystem === first.key.ecosystem && f.key.name === first.key.name)
            .map((f) => f.finding.id),
        );
        assert.equal(row?.openVulnerabilities ?? 0, left.size);

        // KEV facts updated on a stored finding
        await store.findings.transition(ids, { state: "open", at: at(3) });
        await store.findings.update([{ id: ids[0]!, facts: { ...first, kev: true }, at: at(3) }]);
        ranking = await agreed(store);
        assert.equal(
          ranking.find((u) => keyOf(u) === `${first.key.ecosystem}/${first.key.name}`)?.kevVulnerabilities,
          1,
        );

        // a risk result for a shared package: kept on its row, rescored
        const target = shared[shared.length - 1]!;
        const result = await store.riskResults.record({
          key: target.key,
          purl: `pkg:npm/${target.key.name}`,
          repository: "https://example.invalid/repo.git",
          score: 2.5,
          criticality: 0.4,
          checkedAt: at(4),
          uploadedAt: at(5),
          uploadedBy: "ci",
          summary: { checks: [] },
        });
        assert.equal(result.score, 2.5);
        assert.deepEqual(
          (await store.riskResults.current([target.key])).map((r) => [r.id, r.criticality]),
          [[result.id, 0.4]],
        );
        ranking = await agreed(store);
        const scored = ranking.find((u) => keyOf(u) === keyOf(target))!;
        assert.equal(scored.criticality, 0.4);
        assert.equal(scored.riskScore, 2.5);
        assert.ok(scored.score > target.score);

        // ecosystem filter and scoped counts
        const npmOnly = await all((cursor) =>
          store.ranking.list({ ecosystem: "npm", ...(cursor ? { cursor } : {}) }),
        );
        assert.deepEqual(
          npmOnly,
          ranking.filter((u) => u.key.ecosystem === "npm"),
        );
        const scoped = await all((cursor) =>
          store.ranking.list({ projectPatterns: ["infra/*"], ...(cursor ? { cursor } : {}) }),
        );
        assert.ok(scoped.every((u) => u.projects === 1));
        assert.equal(
          scoped.length,
          new Set(sigstore.components.map((c) => `${c.key.ecosystem}/${c.key.name}`)).size,
        );
        assert.deepEqual((await store.ranking.list({ projectPatterns: [] })).items, []);

        // a risk result uploaded before any project holds the package reaches its row when one does
        await store.snapshots.removeVersion(b.id, "release");
        await agreed(store);
        await store.projects.delete(a.id);
        ranking = await agreed(store);
        assert.ok(ranking.every((u) => u.projects === 1));
        await store.projects.delete(b.id);
        assert.deepEqual(await agreed(store), []);
        const c = (await store.projects.ensure("again", at(6))).project;
        await store.components.replace(c.id, "", sigstore.components);
        ranking = await agreed(store);
        const again = ranking.find((u) => keyOf(u) === keyOf(target));
        if (again) assert.equal(again.riskScore, 2.5);
      }));

    test("a cursor belongs to its list", () =>
      withStore(factory, async (store) => {
        const p = (await store.projects.ensure("x", at(0))).project;
        await store.components.replace(p.id, "", frontend.components.slice(0, 5));
        const page = await store.ranking.list({ limit: 2 });
        assert.ok(page.nextCursor);
        await assert.rejects(store.ranking.list({ cursor: page.nextCursor, ecosystem: "npm" }), {
          code: "USAGE",
        });
      }));

    test("violations: reconciled per project, new ones returned, vanished ones resolved", () =>
      withStore(factory, async (store) => {
        const p = (await store.projects.ensure("web/frontend", at(0))).project;
        const v = (rule: string, purl: string, level: "fail" | "warn" = "fail"): PolicyViolation => ({
          rule,
          level,
          subject: { kind: "package", purl },
          message: `${purl} is banned`,
        });
        const first = await store.violations.reconcile(
          p.id,
          [v("banned", "pkg:npm/a@1"), v("old", "pkg:npm/b@1", "warn")],
          at(1),
        );
        assert.deepEqual(
          first.map((s) => s.violation.rule),
          ["banned", "old"],
        );
        assert.deepEqual(await store.violations.counts(p.id), { fail: 1, warn: 1, info: 0 });
        const second = await store.violations.reconcile(
          p.id,
          [v("banned", "pkg:npm/a@1"), v("banned", "pkg:npm/c@1")],
          at(2),
        );
        assert.deepEqual(
          second.map((s) => s.violation.subject),
          [{ kind: "package", purl: "pkg:npm/c@1" }],
        );
        const current = await store.violations.listForProject(p.id);
        assert.deepEqual(
          current.items.map((s) => [s.violation.rule, s.detectedAt]),
          [
            ["banned", at(1)],
            ["banned", at(2)],
          ],
        );
        const history = await store.violations.listForProject(p.id, { all: true });
        assert.equal(history.items.find((s) => s.violation.rule === "old")?.resolvedAt, at(2));
        assert.deepEqual(await store.violations.counts(p.id), { fail: 2, warn: 0, info: 0 });
        const paged = await store.violations.listForProject(p.id, { all: true, limit: 2 });
        assert.equal(paged.items.length, 2);
        assert.equal(
          (await store.violations.listForProject(p.id, { all: true, cursor: paged.nextCursor! })).items
            .length,
          1,
        );
      }));
  });
}
