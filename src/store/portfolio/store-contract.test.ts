import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { BulwarkError } from "../../model/errors.js";
import { REPO_ROOT } from "../../testing/corpus.js";
import {
  type CorpusProject,
  corpusProject,
  findingsFor,
  npmAdvisories,
} from "../../testing/portfolio-fixtures.js";
import { truncateAllTables, usePostgresTestDatabase } from "../../testing/postgres.js";
import {
  decodeSnapshotContent,
  encodeSnapshotContent,
  type FindingFacts,
  globMatches,
  hashApiKey,
  LATEST_SCHEMA_VERSION,
  type NewComponent,
  type NewFinding,
  openPortfolioStore,
  type Page,
  type PortfolioLocation,
  type PortfolioStore,
  PROJECT_SORTS,
  type Project,
  type ProjectSort,
} from "./index.js";

// ONE contract suite, run on SQLite (a temp file per test) and on the real PostgreSQL (one database per run,
// emptied before each test). Data comes from the corpus: the inventories of real projects and the findings the
// corpus's npm advisories really give them.

const T0 = Date.parse("2025-03-01T00:00:00.000Z");
/** An instant `minutes` after T0. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const tmp = mkdtempSync(join(tmpdir(), "bulwark-portfolio-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();

let frontend: CorpusProject;
let sigstore: CorpusProject;
let frontendFindings: FindingFacts[];
before(async () => {
  [frontend, sigstore] = await Promise.all([
    corpusProject("dependency-track-frontend"),
    corpusProject("sigstore-js"),
  ]);
  frontendFindings = findingsFor(frontend.components, await npmAdvisories());
  assert.ok(frontendFindings.length >= 10, "the corpus gives dependency-track-frontend real findings");
});

interface StoreFactory {
  name: "sqlite" | "postgres";
  /** A location holding an empty store (after its first open). */
  location(): PortfolioLocation;
  /** Opens a fresh, empty store. */
  fresh(): Promise<PortfolioStore>;
}

let sqliteFiles = 0;
const factories: StoreFactory[] = [
  {
    name: "sqlite",
    location: () => ({ kind: "sqlite", path: join(tmp, `store-${++sqliteFiles}`, "portfolio.db") }),
    async fresh() {
      return openPortfolioStore(this.location());
    },
  },
  {
    name: "postgres",
    location: () => ({ kind: "postgres", url: postgres.url }),
    async fresh() {
      const store = await openPortfolioStore(this.location());
      await truncateAllTables(postgres.url);
      return store;
    },
  },
];

/** Runs `work` with a fresh store and closes it afterwards, whatever happens. */
async function withStore(
  factory: StoreFactory,
  work: (store: PortfolioStore) => Promise<void>,
): Promise<void> {
  const store = await factory.fresh();
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

/** Every item of a list, walking its pages. */
async function all<T>(page: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const p = await page(cursor);
    out.push(...p.items);
    if (p.nextCursor === null) return out;
    cursor = p.nextCursor;
  }
  throw new Error("pagination did not end");
}

async function rejectsWithCode(
  promise: Promise<unknown>,
  code: string,
  message?: RegExp,
): Promise<BulwarkError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BulwarkError, `expected a BulwarkError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected a ${code} error`);
}

/** Byte-wise order (what both stores sort names by). */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function newFinding(
  projectId: number,
  facts: FindingFacts,
  minutes: number,
  extra: Partial<NewFinding> = {},
): NewFinding {
  return { ...facts, projectId, projectVersion: "", detectedAt: at(minutes), ...extra };
}

/** A real finding of the frontend with another severity (to vary counts), everything else as found. */
function withRating(
  facts: FindingFacts,
  rating: "critical" | "high" | "medium" | "low" | "unknown",
): FindingFacts {
  return { ...facts, finding: { ...facts.finding, severity: { ...facts.finding.severity, rating } } };
}

/** A component of the frontend that another corpus project (sigstore-js) has too, at any version. */
function sharedPackage(): NewComponent {
  const theirs = new Set(sigstore.components.map((c) => `${c.key.ecosystem}\u0000${c.key.name}`));
  const shared = frontend.components.find((c) => theirs.has(`${c.key.ecosystem}\u0000${c.key.name}`));
  assert.ok(shared, "the two npm corpus projects share a package");
  return shared;
}

for (const factory of factories) {
  describe(`portfolio store on ${factory.name}`, () => {
    describe("projects", () => {
      test("ensure creates a project once, also under concurrent calls", () =>
        withStore(factory, async (store) => {
          const results = await Promise.all(
            Array.from({ length: 6 }, () => store.projects.ensure("payments/api", at(0))),
          );
          assert.equal(results.filter((r) => r.created).length, 1);
          assert.equal(new Set(results.map((r) => r.project.id)).size, 1);
          const project = results[0]?.project as Project;
          assert.equal(project.name, "payments/api");
          assert.equal(project.createdAt, at(0));
          assert.equal(project.lastUploadAt, undefined);
          assert.deepEqual(project.open, {
            critical: 0,
            high: 0,
            medium: 0,
            low: 0,
            unknown: 0,
            total: 0,
            kev: 0,
          });
          assert.deepEqual(await store.projects.get("payments/api"), project);
          assert.deepEqual(await store.projects.getById(project.id), project);
          assert.equal(await store.projects.get("payments"), undefined);
        }));

      test("names and instants are checked", () =>
        withStore(factory, async (store) => {
          await rejectsWithCode(store.projects.ensure("", at(0)), "USAGE", /must not be empty/);
          await rejectsWithCode(store.projects.ensure("a\u0007b", at(0)), "USAGE", /control characters/);
          await rejectsWithCode(store.projects.ensure("x".repeat(513), at(0)), "USAGE", /longer than 512/);
          await rejectsWithCode(
            store.projects.ensure("ok", "yesterday"),
            "USAGE",
            /not a valid ISO 8601 instant/,
          );
          assert.equal((await store.projects.count()).count, 0);
        }));

      test("description and tags are replaced; tags are deduplicated and sorted", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("web", at(0));
          const updated = await store.projects.update(project.id, {
            description: "the shop",
            tags: ["team-b", "internet-facing", "team-b"],
            at: at(5),
          });
          assert.deepEqual(updated?.tags, ["internet-facing", "team-b"]);
          assert.equal(updated?.description, "the shop");
          assert.equal(updated?.updatedAt, at(5));
          const retagged = await store.projects.update(project.id, { tags: ["owner:ana"], at: at(6) });
          assert.deepEqual(retagged?.tags, ["owner:ana"]);
          assert.equal(retagged?.description, "the shop", "the description stays when only tags change");
          assert.equal(await store.projects.update(project.id + 1000, { tags: [], at: at(7) }), undefined);
        }));

      test("every sort key pages through all projects in order, with ties broken by id", () =>
        withStore(factory, async (store) => {
          // Names that sort differently by locale and by byte; counts with ties.
          const names = ["b", "B", "a", "payments/api", "payments-api", "Zeta", "ä-team", "payments/api/v2"];
          const ids = new Map<string, number>();
          for (const [i, name] of names.entries()) {
            const { project } = await store.projects.ensure(name, at(i % 3));
            ids.set(name, project.id);
            if (i % 2 === 0) await store.projects.recordUpload(project.id, at(10 + (i % 4)));
          }
          // Real findings with varied severities on some projects, so risk/open/kev differ and tie.
          const ratings = ["critical", "high", "medium", "low", "unknown"] as const;
          for (const [i, name] of names.entries()) {
            const id = ids.get(name) as number;
            const facts = frontendFindings.slice(0, i % 4).map((f, k) => ({
              ...withRating(f, ratings[(i + k) % 5] as (typeof ratings)[number]),
              kev: k === 1,
            }));
            await store.findings.insert(facts.map((f) => newFinding(id, f, 1)));
          }
          await store.projects.refreshCounts([...ids.values()]);
          const everything = await all((cursor) => store.projects.list({ limit: 1000, cursor }));
          assert.equal(everything.length, names.length);
          const value = (p: Project, sort: ProjectSort): string | number =>
            ({
              name: p.name,
              riskScore: p.riskScore,
              openFindings: p.open.total,
              kevFindings: p.open.kev,
              lastUploadAt: p.lastUploadAt ? Date.parse(p.lastUploadAt) : 0,
              createdAt: Date.parse(p.createdAt),
              updatedAt: Date.parse(p.updatedAt),
            })[sort];
          for (const sort of PROJECT_SORTS) {
            for (const direction of ["asc", "desc"] as const) {
              const expected = [...everything].sort((a, b) => {
                const va = value(a, sort);
                const vb = value(b, sort);
                const c = typeof va === "string" ? byteOrder(va, vb as string) : va - (vb as number);
                return (direction === "asc" ? 1 : -1) * (c !== 0 ? c : a.id - b.id);
              });
              const paged = await all((cursor) => store.projects.list({ sort, direction, limit: 3, cursor }));
              assert.deepEqual(
                paged.map((p) => p.name),
                expected.map((p) => p.name),
                `${sort} ${direction}`,
              );
            }
          }
          const risky = (await store.projects.list({ sort: "riskScore", limit: 1 })).items[0] as Project;
          assert.equal(
            risky.riskScore,
            10 * risky.open.critical +
              5 * risky.open.high +
              3 * risky.open.medium +
              risky.open.low +
              5 * risky.open.unknown +
              10 * risky.open.kev,
          );
          assert.ok(risky.riskScore > 0);
        }));

      test("search, tag and name patterns filter in SQL; counts and totals are bounded", () =>
        withStore(factory, async (store) => {
          const names = [
            "team-a/api",
            "team-a/web/ui",
            "team-ab/api",
            "Team-A/caps",
            "team_a/under",
            "100%/done",
            "team-a",
            "[x]?/odd",
            "back\\slash",
          ];
          for (const name of names) await store.projects.ensure(name, at(0));
          const patterns = [
            "team-a/*",
            "team_a/*",
            "100%/*",
            "*/done",
            "[x]?/*",
            "back\\*",
            "*",
            "team-a",
            "nothing*",
          ];
          for (const pattern of patterns) {
            const found = await all((cursor) =>
              store.projects.list({ projectPatterns: [pattern], cursor, limit: 2 }),
            );
            assert.deepEqual(
              found.map((p) => p.name).sort(byteOrder),
              names.filter((n) => globMatches(pattern, n)).sort(byteOrder),
              `pattern ${pattern}`,
            );
          }
          const two = await store.projects.list({ projectPatterns: ["team-a/*", "team-ab/*"] });
          assert.deepEqual(two.items.map((p) => p.name).sort(), [
            "team-a/api",
            "team-a/web/ui",
            "team-ab/api",
          ]);
          assert.deepEqual((await store.projects.list({ projectPatterns: [] })).items, []);
          const search = await store.projects.list({ search: "TEAM-A" });
          assert.deepEqual(
            search.items.map((p) => p.name).sort(),
            ["Team-A/caps", "team-a", "team-a/api", "team-a/web/ui", "team-ab/api"].sort(),
          );
          assert.deepEqual(
            (await store.projects.list({ search: "_" })).items.map((p) => p.name),
            ["team_a/under"],
            "LIKE wildcards in a search are literal",
          );
          const web = (await store.projects.get("team-a/web/ui")) as Project;
          await store.projects.update(web.id, { tags: ["internet-facing"], at: at(1) });
          const api = (await store.projects.get("team-a/api")) as Project;
          await store.projects.update(api.id, { tags: ["internet-facing", "payments"], at: at(1) });
          assert.deepEqual(
            (await store.projects.list({ tag: "internet-facing", projectPatterns: ["*/api"] })).items.map(
              (p) => p.name,
            ),
            ["team-a/api"],
          );
          assert.deepEqual(await all((cursor) => store.projects.tags({ limit: 1, cursor })), [
            { tag: "internet-facing", projects: 2 },
            { tag: "payments", projects: 1 },
          ]);
          assert.deepEqual(await store.projects.count({}, 4), { count: 4, exact: false });
          assert.deepEqual(await store.projects.count({}), { count: names.length, exact: true });
          assert.deepEqual(await store.projects.count({ projectPatterns: ["team-a/*"] }, 2), {
            count: 2,
            exact: true,
          });
          const totals = await store.projects.totals({ tag: "internet-facing" });
          assert.equal(totals.projects, 2);
          assert.equal(totals.total, 0);
        }));

      test("cursors belong to one list and sort; page sizes are bounded", () =>
        withStore(factory, async (store) => {
          for (const name of ["a", "b", "c"]) await store.projects.ensure(name, at(0));
          const first = await store.projects.list({ limit: 1 });
          assert.ok(first.nextCursor);
          await rejectsWithCode(
            store.projects.list({ sort: "riskScore", cursor: first.nextCursor }),
            "USAGE",
            /not valid for this list/,
          );
          await rejectsWithCode(store.projects.list({ cursor: "garbage!" }), "USAGE");
          await rejectsWithCode(store.projects.list({ limit: 0 }), "USAGE");
          await rejectsWithCode(store.projects.list({ sort: "size" as ProjectSort }), "USAGE");
          assert.equal((await store.projects.list({ limit: 5000 })).items.length, 3);
          const second = await store.projects.list({ limit: 1, cursor: first.nextCursor });
          assert.deepEqual(
            second.items.map((p) => p.name),
            ["b"],
          );
        }));

      test("deleting a project removes what hangs off it but keeps its events", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("gone", at(0));
          const { project: other } = await store.projects.ensure("stays", at(0));
          const shared = sharedPackage();
          for (const p of [project, other]) {
            await store.transaction(async (tx) => {
              const snapshot = await tx.snapshots.add({
                projectId: p.id,
                version: "",
                createdAt: at(1),
                format: "bulwark-inventory",
                componentCount: 1,
                content: await encodeSnapshotContent([shared]),
              });
              await tx.components.replace(p.id, "", [shared]);
              const [id] = await tx.findings.insert([
                newFinding(p.id, frontendFindings[0] as FindingFacts, 1, { detectedSnapshotId: snapshot.id }),
              ]);
              await tx.analyses.record({
                findingId: id as number,
                state: "in_triage",
                responses: [],
                by: "ana",
                at: at(2),
              });
              await tx.events.append([
                { type: "upload.accepted", occurredAt: at(1), projectId: p.id, payload: {} },
              ]);
            });
          }
          assert.equal(await store.projects.delete(project.id), true);
          assert.equal(await store.projects.delete(project.id), false);
          assert.equal(await store.projects.getById(project.id), undefined);
          const rows = await all((cursor) => store.components.byPackage(shared.key, { cursor }));
          assert.deepEqual(
            rows.map((r) => r.projectName),
            ["stays"],
          );
          const vuln = (frontendFindings[0] as FindingFacts).finding.id;
          assert.deepEqual(
            (await store.findings.byVulnerability(vuln)).items.map((f) => f.projectName),
            ["stays"],
          );
          assert.deepEqual((await store.snapshots.list(project.id)).items, []);
          const events = await store.events.read({ after: 0 });
          assert.deepEqual(
            events.map((e) => e.projectId),
            [project.id, other.id],
          );
        }));
    });

    describe("snapshots and versions", () => {
      test("the newest snapshot of a version is current; content round-trips; retention keeps the last N", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("dependency-track-frontend", at(0));
          const content = await encodeSnapshotContent(frontend.packages);
          // a third: the packages' sha512 integrity hashes (a quarter of the text) are random and do not compress
          assert.ok(content.byteLength < JSON.stringify(frontend.packages).length / 3, "stored compressed");
          const added = [];
          for (let i = 0; i < 4; i++) {
            added.push(
              await store.snapshots.add({
                projectId: project.id,
                version: "main",
                createdAt: at(i),
                format: "bulwark-inventory",
                componentCount: frontend.components.length,
                content,
                digest: `sha256:${i}`,
                uploadedBy: "ci",
              }),
            );
          }
          const release = await store.snapshots.add({
            projectId: project.id,
            version: "v1.0",
            createdAt: at(10),
            format: "cyclonedx-json",
            componentCount: 2,
            content: await encodeSnapshotContent({ bomFormat: "CycloneDX" }),
          });
          const last = added[3];
          assert.equal((await store.snapshots.current(project.id, "main"))?.id, last?.id);
          assert.equal((await store.snapshots.get(added[0]?.id as number))?.current, false);
          assert.equal((await store.snapshots.get(last?.id as number))?.current, true);
          assert.deepEqual(await store.snapshots.get(last?.id as number), last);
          assert.deepEqual(
            await decodeSnapshotContent((await store.snapshots.content(last?.id as number)) as Uint8Array),
            JSON.parse(JSON.stringify(frontend.packages)),
          );
          const history = await all((cursor) => store.snapshots.list(project.id, { limit: 2, cursor }));
          assert.deepEqual(
            history.map((s) => s.id),
            [release.id, ...added.map((s) => s.id).reverse()],
          );
          assert.deepEqual(
            (await store.snapshots.list(project.id, { version: "v1.0" })).items.map((s) => s.id),
            [release.id],
          );
          const versions = await all((cursor) => store.snapshots.versions(project.id, { limit: 1, cursor }));
          assert.deepEqual(
            versions.map((v) => [v.version, v.currentSnapshotId, v.componentCount]),
            [
              ["main", last?.id, frontend.components.length],
              ["v1.0", release.id, 2],
            ],
          );
          assert.deepEqual(
            (await store.snapshots.currentOf([project.id])).map((c) => c.snapshotId),
            [last?.id, release.id],
          );
          assert.equal(await store.snapshots.prune(project.id, "main", 2), 2);
          assert.equal(await store.snapshots.prune(project.id, "main", 2), 0);
          assert.equal(
            await store.snapshots.prune(project.id, "main", 0),
            1,
            "keep 0 still keeps the current one",
          );
          assert.deepEqual(
            (await store.snapshots.list(project.id, { version: "main" })).items.map((s) => s.id),
            [last?.id],
          );
          assert.equal(await store.snapshots.removeVersion(project.id, "v1.0"), true);
          assert.equal(await store.snapshots.current(project.id, "v1.0"), undefined);
          assert.equal(await store.snapshots.removeVersion(project.id, "v1.0"), false);
        }));
    });

    describe("components", () => {
      test("a project version's components are replaced as a whole; other versions stay", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("dependency-track-frontend", at(0));
          await store.components.replace(project.id, "main", frontend.components);
          await store.components.replace(project.id, "v1", frontend.components.slice(0, 10));
          const main = await all((cursor) =>
            store.components.listForProject(project.id, { version: "main", limit: 400, cursor }),
          );
          assert.deepEqual(
            main.map((c) => c.purl),
            frontend.components.map((c) => c.purl).sort(byteOrder),
          );
          const stored = main.find((c) => c.purl === frontend.components[0]?.purl);
          assert.deepEqual(stored, {
            ...frontend.components[0],
            projectId: project.id,
            projectVersion: "main",
          });
          await store.components.replace(project.id, "main", frontend.components.slice(100, 103));
          const both = await all((cursor) =>
            store.components.listForProject(project.id, { limit: 4, cursor }),
          );
          assert.deepEqual(
            both.map((c) => `${c.projectVersion} ${c.purl}`),
            [
              ...frontend.components
                .slice(100, 103)
                .map((c) => `main ${c.purl}`)
                .sort(byteOrder),
              ...frontend.components
                .slice(0, 10)
                .map((c) => `v1 ${c.purl}`)
                .sort(byteOrder),
            ],
          );
          const dup = frontend.components[0] as NewComponent;
          await rejectsWithCode(store.components.replace(project.id, "main", [dup, dup]), "CONFLICT");
          assert.equal(
            (await store.components.listForProject(project.id, { version: "main" })).items.length,
            3,
            "a failed replace changes nothing",
          );
        }));

      test("the reverse index finds a package across projects, by version and scope, in pages", () =>
        withStore(factory, async (store) => {
          const shared = sharedPackage();
          const theirs = sigstore.components.find((c) => c.key.name === shared.key.name) as NewComponent;
          const { project: a } = await store.projects.ensure("team-a/frontend", at(0));
          const { project: b } = await store.projects.ensure("team-b/sigstore", at(0));
          await store.components.replace(a.id, "", frontend.components);
          await store.components.replace(a.id, "release", frontend.components);
          await store.components.replace(b.id, "", sigstore.components);
          const rows = await all((cursor) => store.components.byPackage(shared.key, { limit: 1, cursor }));
          assert.deepEqual(
            rows.map((r) => [r.projectName, r.projectVersion, r.version]),
            [
              ["team-a/frontend", "", shared.version],
              ["team-a/frontend", "release", shared.version],
              ...sigstore.components
                .filter((c) => c.key.name === shared.key.name)
                .map((c) => ["team-b/sigstore", "", c.version]),
            ],
          );
          const atVersion = await store.components.byPackage(shared.key, { version: theirs.version });
          assert.ok(atVersion.items.every((r) => r.version === theirs.version));
          assert.ok(atVersion.items.some((r) => r.projectName === "team-b/sigstore"));
          const scoped = await store.components.byPackage(shared.key, { projectPatterns: ["team-b/*"] });
          assert.deepEqual(new Set(scoped.items.map((r) => r.projectName)), new Set(["team-b/sigstore"]));
          const batches: number[] = [];
          const scanned: string[] = [];
          for await (const batch of store.components.scanPackage(shared.key, { batchSize: 2 })) {
            batches.push(batch.length);
            scanned.push(...batch.map((r) => `${r.projectId} ${r.projectVersion} ${r.purl}`));
          }
          assert.deepEqual(
            scanned,
            rows.map((r) => `${r.projectId} ${r.projectVersion} ${r.purl}`),
          );
          assert.ok(batches.every((n) => n <= 2));
          for await (const _ of store.components.scanPackage({ ecosystem: "npm", name: "no-such-package" })) {
            assert.fail("no rows for an absent package");
          }
        }));
    });

    describe("findings", () => {
      test("insert returns ids in order; an identity stored twice is a conflict and nothing of that call stays", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("dependency-track-frontend", at(0));
          const ids = await store.findings.insert(frontendFindings.map((f) => newFinding(project.id, f, 1)));
          assert.equal(new Set(ids).size, frontendFindings.length);
          for (const [i, id] of ids.entries()) {
            const stored = await store.findings.get(id);
            const facts = frontendFindings[i] as FindingFacts;
            assert.equal(stored?.vulnerabilityId, facts.finding.id);
            assert.equal(stored?.purl, facts.finding.package.purl);
            assert.deepEqual(stored?.finding, JSON.parse(JSON.stringify(facts.finding)));
            assert.equal(stored?.publishedAt, facts.publishedAt);
            assert.equal(stored?.state, "open");
            assert.equal(stored?.detectedAt, at(1));
          }
          const again = frontendFindings
            .slice(0, 2)
            .map((f) => newFinding(project.id, f, 2, { projectVersion: "x" }));
          again.push(newFinding(project.id, frontendFindings[0] as FindingFacts, 2));
          await rejectsWithCode(store.findings.insert(again), "CONFLICT");
          assert.deepEqual(await store.findings.forProjectVersion(project.id, "x"), []);
        }));

      test("the lifecycle is stamped and kept; suppressed and closed findings leave the counts", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("dependency-track-frontend", at(0));
          const snapshot = await store.snapshots.add({
            projectId: project.id,
            version: "",
            createdAt: at(0),
            format: "bulwark-inventory",
            componentCount: 0,
            content: await encodeSnapshotContent([]),
          });
          const facts = frontendFindings.slice(0, 4).map((f, i) => ({
            ...withRating(f, (["critical", "high", "high", "low"] as const)[i] ?? "low"),
            kev: i === 0,
            epss: 0.25 * i,
            slaDueAt: at(60 * 24 * 14),
          }));
          const ids = await store.findings.insert([
            ...facts
              .slice(0, 3)
              .map((f) => newFinding(project.id, f, 1, { detectedSnapshotId: snapshot.id })),
            newFinding(project.id, facts[3] as FindingFacts, 1, { state: "suppressed", suppressedAt: at(1) }),
          ]);
          await store.projects.refreshCounts([project.id]);
          let p = (await store.projects.getById(project.id)) as Project;
          assert.deepEqual(p.open, { critical: 1, high: 2, medium: 0, low: 0, unknown: 0, total: 3, kev: 1 });
          assert.equal(p.riskScore, 10 + 2 * 5 + 10);

          const [a, b, c] = ids as [number, number, number];
          assert.equal(
            await store.findings.transition([a, b], { state: "fixed", at: at(30), snapshotId: 77 }),
            2,
          );
          assert.equal(
            await store.findings.transition([a], { state: "fixed", at: at(31) }),
            0,
            "already fixed",
          );
          assert.equal(await store.findings.transition([c], { state: "withdrawn", at: at(32) }), 1);
          await store.projects.refreshCounts([project.id]);
          p = (await store.projects.getById(project.id)) as Project;
          assert.deepEqual(p.open, { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, total: 0, kev: 0 });
          assert.equal(p.riskScore, 0);

          const fixed = await store.findings.get(a);
          assert.equal(fixed?.state, "fixed");
          assert.equal(fixed?.fixedAt, at(30));
          assert.equal(fixed?.fixedSnapshotId, 77);
          assert.equal(fixed?.detectedSnapshotId, snapshot.id);
          assert.equal(fixed?.kev, true);
          assert.equal(fixed?.slaDueAt, at(60 * 24 * 14));
          assert.equal((await store.findings.get(b))?.epss, 0.25);
          assert.equal((await store.findings.get(c))?.withdrawnAt, at(32));
          assert.equal((await store.findings.get(ids[3] as number))?.suppressedAt, at(1));
          // A regression reopens it; when it was fixed stays readable (the event log has the rest).
          assert.equal(await store.findings.transition([a], { state: "open", at: at(40) }), 1);
          const reopened = await store.findings.get(a);
          assert.equal(reopened?.state, "open");
          assert.equal(reopened?.fixedAt, at(30));
          assert.equal(reopened?.updatedAt, at(40));
          await rejectsWithCode(
            store.findings.transition([a], { state: "gone" as "open", at: at(41) }),
            "USAGE",
          );

          assert.deepEqual(
            (await store.findings.forProjectVersion(project.id, "", ["open", "suppressed"])).map((f) => f.id),
            [a, ids[3]],
          );
          const byState = await store.findings.listForProject(project.id, { states: ["fixed", "withdrawn"] });
          assert.deepEqual(new Set(byState.items.map((f) => f.id)), new Set([b, c]));
        }));

      test("reverse lookup by any id, now and in the past; updates move the alias index", () =>
        withStore(factory, async (store) => {
          const facts = frontendFindings.find((f) => f.finding.aliases.length > 0) as FindingFacts;
          assert.ok(facts, "a corpus finding with an alias");
          const alias = facts.finding.aliases[0] as string;
          const { project: a } = await store.projects.ensure("team-a/shop", at(0));
          const { project: b } = await store.projects.ensure("team-b/shop", at(0));
          const [fa] = await store.findings.insert([newFinding(a.id, facts, 1)]);
          const [fb] = await store.findings.insert([newFinding(b.id, facts, 2)]);
          await store.findings.transition([fa as number], { state: "fixed", at: at(3) });
          for (const id of [facts.finding.id, alias]) {
            const found = await all((cursor) => store.findings.byVulnerability(id, { limit: 1, cursor }));
            assert.deepEqual(
              found.map((f) => [f.projectName, f.state]),
              [
                ["team-a/shop", "fixed"],
                ["team-b/shop", "open"],
              ],
              id,
            );
          }
          assert.deepEqual(
            (await store.findings.byVulnerability(alias, { states: ["open"] })).items.map((f) => f.id),
            [fb],
          );
          assert.deepEqual(
            (await store.findings.byVulnerability(alias, { projectPatterns: ["team-a/*"] })).items.map(
              (f) => f.id,
            ),
            [fa],
          );
          // The advisory gains an alias and loses the old one; a new severity arrives with it.
          const renamed: FindingFacts = {
            ...facts,
            kev: true,
            finding: {
              ...facts.finding,
              aliases: ["CVE-2099-0001"],
              severity: { rating: "critical", type: "CVSS_V3", score: 9.8 },
            },
          };
          await store.findings.update([{ id: fb as number, facts: renamed, at: at(4) }]);
          assert.deepEqual(
            (await store.findings.byVulnerability("CVE-2099-0001")).items.map((f) => f.id),
            [fb],
          );
          assert.deepEqual(
            (await store.findings.byVulnerability(alias)).items.map((f) => f.id),
            [fa],
          );
          const updated = await store.findings.get(fb as number);
          assert.equal(updated?.finding.severity.rating, "critical");
          assert.equal(updated?.kev, true);
          assert.equal(updated?.updatedAt, at(4));
          assert.equal(updated?.detectedAt, at(2), "an update keeps the lifecycle");
          const everything = await all((cursor) => store.findings.list({ limit: 1, cursor }));
          assert.deepEqual(
            everything.map((f) => f.id),
            [fa, fb],
          );
          assert.deepEqual(
            (await store.findings.list({ projectPatterns: ["team-b/*"] })).items.map((f) => f.projectName),
            ["team-b/shop"],
          );
        }));

      test("a project's findings sort by priority, severity or detection, and page", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("dependency-track-frontend", at(0));
          const ids = await store.findings.insert(
            frontendFindings.map((f, i) => newFinding(project.id, { ...f, priority: i % 5 }, i % 7)),
          );
          const stored = await Promise.all(ids.map((id) => store.findings.get(id)));
          const rank = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };
          const keyOf = {
            priority: (f: NonNullable<(typeof stored)[number]>) => f.priority,
            severity: (f: NonNullable<(typeof stored)[number]>) => rank[f.finding.severity.rating],
            detectedAt: (f: NonNullable<(typeof stored)[number]>) => Date.parse(f.detectedAt),
          };
          for (const sort of ["priority", "severity", "detectedAt"] as const) {
            const expected = stored
              .map((f) => f as NonNullable<typeof f>)
              .sort((x, y) => keyOf[sort](y) - keyOf[sort](x) || y.id - x.id)
              .map((f) => f.id);
            const paged = await all((cursor) =>
              store.findings.listForProject(project.id, { sort, limit: 7, cursor }),
            );
            assert.deepEqual(
              paged.map((f) => f.id),
              expected,
              sort,
            );
          }
          assert.deepEqual((await store.findings.listForProject(project.id, { version: "other" })).items, []);
        }));

      test("re-matching reads a package's findings across the portfolio in batches", () =>
        withStore(factory, async (store) => {
          const facts = frontendFindings[0] as FindingFacts;
          const projects = [];
          for (let i = 0; i < 5; i++) projects.push((await store.projects.ensure(`p${i}`, at(0))).project);
          const ids = await store.findings.insert(projects.map((p, i) => newFinding(p.id, facts, i)));
          await store.findings.transition([ids[1] as number], { state: "fixed", at: at(9) });
          const seen: number[] = [];
          for await (const batch of store.findings.scanPackage(facts.key, {
            states: ["open"],
            batchSize: 2,
          })) {
            assert.ok(batch.length <= 2);
            seen.push(...batch.map((f) => f.id));
          }
          assert.deepEqual(
            seen,
            ids.filter((id) => id !== ids[1]),
          );
        }));
    });

    describe("triage", () => {
      test("an analysis becomes current and joins the history", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("dependency-track-frontend", at(0));
          const [f1, f2] = await store.findings.insert(
            frontendFindings.slice(0, 2).map((f) => newFinding(project.id, f, 0)),
          );
          await store.analyses.record({
            findingId: f1 as number,
            state: "in_triage",
            responses: [],
            by: "ana",
            at: at(1),
          });
          await store.analyses.record({
            findingId: f1 as number,
            state: "not_affected",
            justification: "vulnerable_code_not_in_execute_path",
            responses: ["will_not_fix"],
            detail: "only used at build time",
            by: "bo",
            at: at(2),
          });
          await store.analyses.record({
            findingId: f2 as number,
            state: "exploitable",
            responses: [],
            by: "ana",
            at: at(3),
          });
          const current = await store.analyses.current([f1 as number, f2 as number, 999_999]);
          assert.equal(current.size, 2);
          assert.deepEqual(current.get(f1 as number), {
            findingId: f1,
            state: "not_affected",
            justification: "vulnerable_code_not_in_execute_path",
            responses: ["will_not_fix"],
            detail: "only used at build time",
            by: "bo",
            at: at(2),
          });
          const history = await all((cursor) => store.analyses.history(f1 as number, { limit: 1, cursor }));
          assert.deepEqual(
            history.map((h) => [h.state, h.by]),
            [
              ["not_affected", "bo"],
              ["in_triage", "ana"],
            ],
          );
          assert.deepEqual(
            (await all((cursor) => store.analyses.listForProject(project.id, { limit: 1, cursor }))).map(
              (a) => a.findingId,
            ),
            [f1, f2],
          );
          await rejectsWithCode(
            store.analyses.record({
              findingId: 424242,
              state: "resolved",
              responses: [],
              by: "ana",
              at: at(4),
            }),
            "INPUT_NOT_FOUND",
          );
          await rejectsWithCode(
            store.analyses.record({
              findingId: f1 as number,
              state: "fine" as "resolved",
              responses: [],
              by: "ana",
              at: at(4),
            }),
            "USAGE",
          );
        }));
    });

    describe("events", () => {
      test("events are read after a cursor, filtered; consumers keep their position", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("p", at(0));
          assert.equal(await store.events.lastId(), 0);
          const ids = await store.events.append([
            { type: "upload.accepted", occurredAt: at(1), projectId: project.id, payload: { components: 3 } },
            { type: "finding.new", occurredAt: at(1), projectId: project.id, payload: { findings: [1, 2] } },
            { type: "advisory.affects-portfolio", occurredAt: at(2), payload: { id: "GHSA-x" } },
          ]);
          assert.deepEqual(
            ids,
            [...ids].sort((x, y) => x - y),
          );
          assert.equal(await store.events.lastId(), ids[2]);
          const read = await store.events.read({ after: ids[0] as number });
          assert.deepEqual(
            read.map((e) => [e.type, e.payload]),
            [
              ["finding.new", { findings: [1, 2] }],
              ["advisory.affects-portfolio", { id: "GHSA-x" }],
            ],
          );
          assert.equal(read[1]?.projectId, undefined);
          assert.deepEqual(
            (await store.events.read({ after: 0, types: ["finding.new"] })).map((e) => e.id),
            [ids[1]],
          );
          assert.deepEqual(
            (await store.events.read({ after: 0, projectId: project.id, limit: 1 })).map((e) => e.id),
            [ids[0]],
          );
          assert.equal(await store.events.cursor("webhooks"), 0);
          await store.events.saveCursor("webhooks", ids[1] as number, at(3));
          await store.events.saveCursor("webhooks", ids[2] as number, at(4));
          assert.equal(await store.events.cursor("webhooks"), ids[2]);
        }));

      test("a reader never sees a later event before an earlier one commits", () =>
        withStore(factory, async (store) => {
          let release!: () => void;
          const held = new Promise<void>((resolve) => {
            release = resolve;
          });
          let appendedFirst!: () => void;
          const firstAppended = new Promise<void>((resolve) => {
            appendedFirst = resolve;
          });
          const slow = store.transaction(async (tx) => {
            const ids = await tx.events.append([{ type: "first", occurredAt: at(1), payload: null }]);
            appendedFirst();
            await held;
            return ids;
          });
          await firstAppended;
          const fast = store.events.append([{ type: "second", occurredAt: at(2), payload: null }]);
          let visible: unknown[] = [];
          try {
            await new Promise((resolve) => setTimeout(resolve, 150));
            // (On SQLite a read would wait for the open transaction: the connection is exclusive.)
            if (factory.name === "postgres") visible = await store.events.read({ after: 0 });
          } finally {
            release();
          }
          const [[first], [second]] = await Promise.all([slow, fast]);
          assert.deepEqual(visible, [], "nothing is visible while the first writer is open");
          assert.ok((first as number) < (second as number));
          assert.deepEqual(
            (await store.events.read({ after: 0 })).map((e) => e.type),
            ["first", "second"],
          );
        }));
    });

    describe("settings", () => {
      test("a setting is created once; later and concurrent callers get the stored value", () =>
        withStore(factory, async (store) => {
          const values = await Promise.all(
            ["a", "b", "c"].map((v) => store.settings.getOrCreate("session-secret", () => v)),
          );
          assert.equal(new Set(values).size, 1, values.join());
          assert.equal(await store.settings.getOrCreate("session-secret", () => "later"), values[0]);
          assert.equal(await store.settings.getOrCreate("other", () => "x"), "x");
        }));
    });

    describe("access", () => {
      test("API keys are stored as hashes, revoked, renamed and touched sparingly", () =>
        withStore(factory, async (store) => {
          assert.equal(hashApiKey("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
          assert.equal(await store.apiKeys.anyActive(), false);
          const admin = await store.apiKeys.create({
            name: "bootstrap",
            role: "admin",
            projectPatterns: [],
            hash: hashApiKey("bwk_first"),
            createdAt: at(0),
          });
          const ci = await store.apiKeys.create({
            name: "ci",
            role: "write",
            projectPatterns: ["team-a/*"],
            hash: hashApiKey("bwk_second"),
            createdAt: at(1),
            createdBy: "bootstrap",
          });
          assert.deepEqual(await store.apiKeys.byHash(hashApiKey("bwk_second")), ci);
          assert.equal(await store.apiKeys.byHash(hashApiKey("bwk_unknown")), undefined);
          assert.deepEqual(ci.projectPatterns, ["team-a/*"]);
          assert.equal(await store.apiKeys.anyActive("admin"), true);
          assert.equal(await store.apiKeys.anyActive("read"), false);
          await rejectsWithCode(
            store.apiKeys.create({
              name: "ci",
              role: "read",
              projectPatterns: [],
              hash: hashApiKey("x"),
              createdAt: at(2),
            }),
            "CONFLICT",
            /already exists/,
          );
          await rejectsWithCode(
            store.apiKeys.create({
              name: "raw",
              role: "read",
              projectPatterns: [],
              hash: "bwk_plain",
              createdAt: at(2),
            }),
            "USAGE",
          );
          await store.apiKeys.touch(ci.id, at(3));
          await store.apiKeys.touch(ci.id, at(3.5));
          assert.equal(
            (await store.apiKeys.get(ci.id))?.lastUsedAt,
            at(3),
            "touches within a minute are not written",
          );
          await store.apiKeys.touch(ci.id, at(5));
          assert.equal((await store.apiKeys.get(ci.id))?.lastUsedAt, at(5));
          assert.equal(await store.apiKeys.revoke(ci.id, at(6)), true);
          assert.equal(await store.apiKeys.revoke(ci.id, at(7)), false);
          assert.equal((await store.apiKeys.byHash(hashApiKey("bwk_second")))?.revokedAt, at(6));
          const again = await store.apiKeys.create({
            name: "ci",
            role: "write",
            projectPatterns: [],
            hash: hashApiKey("bwk_third"),
            createdAt: at(8),
          });
          assert.deepEqual(
            (await store.apiKeys.list()).items.map((k) => k.id),
            [admin.id, again.id],
          );
          assert.deepEqual(
            (await all((cursor) => store.apiKeys.list({ includeRevoked: true, limit: 1, cursor }))).map(
              (k) => k.id,
            ),
            [admin.id, ci.id, again.id],
          );
        }));

      test("the audit log and the advisory-import log list newest first", () =>
        withStore(factory, async (store) => {
          await store.audit.append([
            { at: at(1), keyName: "ci", action: "upload", target: "team-a/api", details: { snapshot: 1 } },
            { at: at(2), keyName: "ana", action: "analysis.update", target: "team-a/api" },
            { at: at(3), keyName: "ci", action: "upload", target: "team-a/web" },
          ]);
          const log = await all((cursor) => store.audit.list({ limit: 2, cursor }));
          assert.deepEqual(
            log.map((e) => e.target),
            ["team-a/web", "team-a/api", "team-a/api"],
          );
          assert.deepEqual(log[2]?.details, { snapshot: 1 });
          assert.deepEqual(
            (await store.audit.list({ keyName: "ci", since: at(2) })).items.map((e) => e.at),
            [at(3)],
          );
          assert.deepEqual(
            (await store.audit.list({ action: "analysis.update" })).items.map((e) => e.keyName),
            ["ana"],
          );
          const first = await store.advisoryImports.record({
            at: at(1),
            source: "https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip",
            imported: 264,
            replaced: 0,
            newFindings: 42,
            closedFindings: 0,
            affectedProjects: 1,
            ms: 812.4,
          });
          const second = await store.advisoryImports.record({
            at: at(2),
            source: "upload",
            imported: 1,
            replaced: 1,
            newFindings: 0,
            closedFindings: 3,
            affectedProjects: 2,
            ms: 10,
          });
          const imports = await store.advisoryImports.list();
          assert.deepEqual(
            imports.items.map((i) => [i.id, i.ms]),
            [
              [second, 10],
              [first, 812],
            ],
          );
        }));
    });

    describe("change mark", () => {
      test("the mark stays while nothing is written, and moves with every write, from any connection", async () => {
        const location = factory.location();
        const store = await openPortfolioStore(location);
        const other = await openPortfolioStore(location);
        try {
          // PostgreSQL's mark is the cluster's: other databases' writers (parallel tests) may move it, so a read
          // is shown to leave it alone when, at least once, the marks around it agree
          let agreed = false;
          for (let i = 0; i < 20 && !agreed; i++) {
            const before = await store.changeMark();
            await store.projects.list();
            agreed = (await store.changeMark()) === before;
          }
          assert.ok(agreed, "a read leaves the mark alone");
          if (factory.name === "sqlite") {
            const before = await store.changeMark();
            await new Promise((resolve) => setTimeout(resolve, 700)); // the checkpointer runs meanwhile
            assert.equal(await store.changeMark(), before, "a checkpoint leaves it alone");
          }
          const first = await store.changeMark();
          await store.projects.ensure(`mark/${factory.name}-${Date.now()}`, at(0));
          const second = await store.changeMark();
          assert.notEqual(second, first, "a write by this connection moves it");
          await other.projects.ensure(`mark/other-${factory.name}-${Date.now()}`, at(0));
          assert.notEqual(await store.changeMark(), second, "so does a write by another connection");
        } finally {
          await other.close();
          await store.close();
        }
      });
    });

    describe("transactions", () => {
      test("a transaction that throws leaves nothing behind; one that returns keeps everything", () =>
        withStore(factory, async (store) => {
          const upload = (tx: Parameters<Parameters<PortfolioStore["transaction"]>[0]>[0], name: string) =>
            (async () => {
              const { project } = await tx.projects.ensure(name, at(0));
              const snapshot = await tx.snapshots.add({
                projectId: project.id,
                version: "",
                createdAt: at(0),
                format: "bulwark-inventory",
                componentCount: frontend.components.length,
                content: await encodeSnapshotContent([]),
              });
              await tx.components.replace(project.id, "", frontend.components);
              await tx.findings.insert(
                frontendFindings.map((f) =>
                  newFinding(project.id, f, 0, { detectedSnapshotId: snapshot.id }),
                ),
              );
              await tx.projects.refreshCounts([project.id]);
              await tx.projects.recordUpload(project.id, at(0));
              await tx.events.append([
                { type: "upload.accepted", occurredAt: at(0), projectId: project.id, payload: {} },
              ]);
              return project.id;
            })();
          await assert.rejects(
            store.transaction(async (tx) => {
              await upload(tx, "half");
              throw new Error("the upload failed after writing");
            }),
            /failed after writing/,
          );
          assert.equal(await store.projects.get("half"), undefined);
          assert.equal(await store.events.lastId(), 0);
          const shared = sharedPackage();
          assert.deepEqual((await store.components.byPackage(shared.key)).items, []);
          const id = await store.transaction((tx) => upload(tx, "whole"));
          const project = (await store.projects.getById(id)) as Project;
          assert.equal(project.open.total, frontendFindings.length);
          assert.equal(project.lastUploadAt, at(0));
          assert.equal((await store.components.byPackage(shared.key)).items.length, 1);
          await rejectsWithCode(store.projects.lock([id]), "USAGE", /inside store.transaction/);
        }));

      test("writers of one project wait for each other when they lock it", () =>
        withStore(factory, async (store) => {
          const { project } = await store.projects.ensure("counter", at(0));
          await store.projects.update(project.id, { description: "0", at: at(0) });
          const increment = () =>
            store.transaction(async (tx) => {
              await tx.projects.lock([project.id]);
              const current = Number((await tx.projects.getById(project.id))?.description);
              await new Promise((resolve) => setTimeout(resolve, 50));
              await tx.projects.update(project.id, { description: String(current + 1), at: at(1) });
            });
          await Promise.all([increment(), increment(), increment()]);
          assert.equal((await store.projects.getById(project.id))?.description, "3");
        }));

      test("a process killed in the middle of a transaction leaves the previous state whole", async () => {
        const location = factory.location();
        const target = await openPortfolioStore(location);
        if (factory.name === "postgres") await truncateAllTables(postgres.url);
        try {
          const { project } = await target.projects.ensure("crash", at(0));
          await target.components.replace(project.id, "", frontend.components.slice(0, 5));
          const child = join(tmp, `crash-${factory.name}.mts`);
          const storeModule = pathToFileURL(join(REPO_ROOT, "src", "store", "portfolio", "index.ts")).href;
          writeFileSync(
            child,
            `import { openPortfolioStore } from ${JSON.stringify(storeModule)};
import { readFileSync } from "node:fs";
const [location, components] = JSON.parse(readFileSync(process.argv[2], "utf8"));
const store = await openPortfolioStore(location);
await store.transaction(async (tx) => {
  const { project } = await tx.projects.ensure("crash", "2025-03-02T00:00:00.000Z");
  await tx.components.replace(project.id, "", components);
  await tx.projects.update(project.id, { description: "half-written", at: "2025-03-02T00:00:00.000Z" });
  await tx.events.append([{ type: "upload.accepted", occurredAt: "2025-03-02T00:00:00.000Z", payload: {} }]);
  process.stdout.write("in-transaction\\n");
  await new Promise(() => {});
});
`,
          );
          const input = join(tmp, `crash-${factory.name}.json`);
          writeFileSync(input, JSON.stringify([location, frontend.components.slice(5, 500)]));
          const proc = spawn(process.execPath, ["--import", "tsx", child, input], {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
          });
          let stderr = "";
          proc.stderr.on("data", (d) => {
            stderr += d;
          });
          const exited = new Promise((resolve) => proc.on("exit", resolve));
          await new Promise<void>((resolve, reject) => {
            proc.stdout.on("data", (d) => {
              if (String(d).includes("in-transaction")) resolve();
            });
            proc.on("exit", (code) =>
              reject(new Error(`the writer exited (${code}) before its transaction: ${stderr}`)),
            );
          });
          proc.kill("SIGKILL");
          await exited;
          const reopened = await openPortfolioStore(location);
          try {
            const p = (await reopened.projects.get("crash")) as Project;
            assert.equal(p.description, "");
            const rows = await all((cursor) =>
              reopened.components.listForProject(p.id, { cursor, limit: 1000 }),
            );
            assert.deepEqual(
              rows.map((r) => r.purl),
              frontend.components
                .slice(0, 5)
                .map((c) => c.purl)
                .sort(byteOrder),
            );
            assert.equal(await reopened.events.lastId(), 0);
            // The store still takes writes: the killed writer left no lock behind.
            await reopened.components.replace(p.id, "", frontend.components.slice(0, 1));
          } finally {
            await reopened.close();
          }
        } finally {
          await target.close();
        }
      });
    });

    describe("opening", () => {
      test("reopening keeps the data; a schema newer than this build is refused, naming both versions", async () => {
        const location = factory.location();
        const first = await openPortfolioStore(location);
        if (factory.name === "postgres") await truncateAllTables(postgres.url);
        assert.equal(first.schemaVersion, LATEST_SCHEMA_VERSION);
        assert.equal(first.kind, factory.name);
        await first.projects.ensure("kept", at(0));
        await first.ping();
        await first.close();
        const second = await openPortfolioStore(location);
        assert.ok(await second.projects.get("kept"));
        await second.close();
        await addMigrationRow(location, 99);
        try {
          const error = await rejectsWithCode(
            openPortfolioStore(location),
            "STORE_SCHEMA_NEWER",
            new RegExp(
              `schema version 99, newer than this Bulwark build knows \\(${LATEST_SCHEMA_VERSION}\\)`,
            ),
          );
          assert.deepEqual(
            { store: error.details.storeVersion, supported: error.details.supportedVersion },
            { store: 99, supported: LATEST_SCHEMA_VERSION },
          );
        } finally {
          await removeMigrationRow(location, 99);
        }
      });
    });
  });
}

async function addMigrationRow(location: PortfolioLocation, version: number): Promise<void> {
  if (location.kind === "sqlite") {
    const db = new Database(location.path);
    db.prepare(
      "insert into bulwark_schema_migrations (version, name, applied_at) values (?, 'future', 0)",
    ).run(version);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  await client.query(
    "insert into bulwark_schema_migrations (version, name, applied_at) values ($1, 'future', 0)",
    [version],
  );
  await client.end();
}

async function removeMigrationRow(location: PortfolioLocation, version: number): Promise<void> {
  if (location.kind === "sqlite") return;
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  await client.query("delete from bulwark_schema_migrations where version = $1", [version]);
  await client.end();
}

describe("opening a store that cannot be used", () => {
  test("an unreachable PostgreSQL is STORE_FAILED naming where, without the password", async () => {
    const error = await rejectsWithCode(
      openPortfolioStore({ kind: "postgres", url: "postgres://bulwark:s3cret@127.0.0.1:1/portfolio" }),
      "STORE_FAILED",
      /cannot reach the portfolio database at postgres:\/\/bulwark:\*\*\*@127\.0\.0\.1:1\/portfolio/,
    );
    assert.doesNotMatch(error.message, /s3cret/);
    assert.match(error.hint ?? "", /PostgreSQL is running/);
  });

  test("a missing PostgreSQL database is STORE_FAILED saying so", async () => {
    const url = new URL(postgres.url);
    url.pathname = `${url.pathname}_missing`;
    await rejectsWithCode(
      openPortfolioStore({ kind: "postgres", url: url.toString() }),
      "STORE_FAILED",
      /does not exist/,
    );
  });

  test("a file that is not a database, or another program's database, is refused", async () => {
    const notDb = join(tmp, "not-a-db", "portfolio.db");
    await openPortfolioStore({ kind: "sqlite", path: join(tmp, "not-a-db", "first.db") }).then((s) =>
      s.close(),
    );
    writeFileSync(notDb, "this is a text file, not SQLite\n".repeat(100));
    await rejectsWithCode(
      openPortfolioStore({ kind: "sqlite", path: notDb }),
      "STORE_FAILED",
      /damaged or not a database/,
    );
    const foreign = join(tmp, "foreign.db");
    const db = new Database(foreign);
    db.exec("create table records (id text primary key)");
    db.close();
    await rejectsWithCode(
      openPortfolioStore({ kind: "sqlite", path: foreign }),
      "STORE_FAILED",
      /not a Bulwark portfolio store: it already holds tables \(records\)/,
    );
  });

  test("an unwritable data folder is STORE_FAILED naming the path", async () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "");
    await rejectsWithCode(
      openPortfolioStore({ kind: "sqlite", path: join(file, "portfolio.db") }),
      "STORE_FAILED",
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
  });
});
