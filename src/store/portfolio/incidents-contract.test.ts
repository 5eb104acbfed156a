import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { BulwarkError } from "../../model/errors.js";
import { truncateAllTables, usePostgresTestDatabase } from "../../testing/postgres.js";
import { openPortfolioStore, type PortfolioStore } from "./index.js";

// The incident repository's contract, run on SQLite and on the real PostgreSQL (as store-contract.test.ts):
// incidents indexed by every alias, per-project status with its stamps, the timeline, scoping by project
// patterns, pagination, and a transaction that rolls back as a whole.

const T0 = Date.parse("2026-03-01T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const tmp = mkdtempSync(join(tmpdir(), "bulwark-incidents-store-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();

let files = 0;
const factories = [
  { name: "sqlite", fresh: () => openPortfolioStore({ kind: "sqlite", path: join(tmp, `s${++files}.db`) }) },
  {
    name: "postgres",
    fresh: async () => {
      const store = await openPortfolioStore({ kind: "postgres", url: postgres.url });
      await truncateAllTables(postgres.url);
      return store;
    },
  },
];

async function withStore(fresh: () => Promise<PortfolioStore>, work: (s: PortfolioStore) => Promise<void>) {
  const store = await fresh();
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

// HTTP/2 rapid reset: GHSA-qppj-fm5r-hxr3 in the corpus, aliased to the KEV-listed CVE-2023-44487.
const RAPID_RESET = { vulnerabilityId: "GHSA-qppj-fm5r-hxr3", aliases: ["CVE-2023-44487", "GO-2023-2102"] };

for (const factory of factories) {
  describe(`incidents on ${factory.name}`, () => {
    test("an incident is found by any of its ids while open, and lists newest first by status", () =>
      withStore(factory.fresh, async (store) => {
        const first = await store.incidents.create({
          ...RAPID_RESET,
          title: "HTTP/2 rapid reset",
          owner: "platform-team",
          openedAt: at(0),
          openedBy: "alice",
        });
        assert.equal(first.status, "open");
        assert.deepEqual(first.aliases, ["CVE-2023-44487", "GO-2023-2102"]);
        assert.equal(first.openedAt, at(0));
        assert.equal(first.closedAt, undefined);
        assert.deepEqual(await store.incidents.get(first.id), first);
        for (const id of ["CVE-2023-44487", "GHSA-qppj-fm5r-hxr3", "GO-2023-2102"])
          assert.deepEqual(
            (await store.incidents.openFor([id])).map((i) => i.id),
            [first.id],
          );
        assert.deepEqual(await store.incidents.openFor(["CVE-2021-44228"]), []);
        const second = await store.incidents.create({
          vulnerabilityId: "GHSA-jfh8-c2jp-5v3q",
          aliases: ["CVE-2021-44228"],
          title: "Log4Shell",
          owner: "",
          openedAt: at(1),
          openedBy: "rule:kev",
        });
        const closed = await store.incidents.setStatus(first.id, "closed", at(5));
        assert.equal(closed?.closedAt, at(5));
        assert.deepEqual(await store.incidents.openFor(["CVE-2023-44487"]), []);
        assert.deepEqual(
          (await store.incidents.list()).items.map((i) => i.id),
          [second.id, first.id],
        );
        assert.deepEqual(
          (await store.incidents.list({ status: "closed" })).items.map((i) => i.id),
          [first.id],
        );
        const page1 = await store.incidents.list({ limit: 1 });
        assert.deepEqual(
          page1.items.map((i) => i.id),
          [second.id],
        );
        const page2 = await store.incidents.list({ limit: 1, cursor: page1.nextCursor! });
        assert.deepEqual(
          page2.items.map((i) => i.id),
          [first.id],
        );
        assert.equal(page2.nextCursor, null);
        await assert.rejects(store.incidents.list({ status: "done" as never }), BulwarkError);
        assert.equal((await store.incidents.setStatus(999, "closed", at(6))) === undefined, true);
      }));

    test("projects move through their statuses with stamps; scoped reads; open incidents of a project", () =>
      withStore(factory.fresh, async (store) => {
        const api = (await store.projects.ensure("team-a/api", at(0))).project;
        const web = (await store.projects.ensure("team-b/web", at(0))).project;
        const incident = await store.incidents.create({
          ...RAPID_RESET,
          title: "rapid reset",
          owner: "sec",
          openedAt: at(0),
          openedBy: "alice",
        });
        const added = await store.incidents.setProject({
          incidentId: incident.id,
          projectId: api.id,
          projectName: api.name,
          status: "affected",
          at: at(1),
          by: "rule:kev",
        });
        assert.deepEqual(added, {
          incidentId: incident.id,
          projectId: api.id,
          projectName: "team-a/api",
          status: "affected",
          affectedAt: at(1),
          changedAt: at(1),
          changedBy: "rule:kev",
        });
        await store.incidents.setProject({
          incidentId: incident.id,
          projectId: web.id,
          projectName: web.name,
          status: "not_affected",
          justification: "vulnerable_code_not_in_execute_path",
          detail: "HTTP/2 is disabled",
          at: at(2),
          by: "bob",
        });
        const fixed = await store.incidents.setProject({
          incidentId: incident.id,
          projectId: api.id,
          projectName: api.name,
          status: "fixed",
          at: at(3),
          by: "upload",
        });
        assert.equal(fixed.fixedAt, at(3));
        assert.equal(fixed.affectedAt, at(1));
        const again = await store.incidents.setProject({
          incidentId: incident.id,
          projectId: api.id,
          projectName: api.name,
          status: "affected",
          at: at(4),
          by: "upload",
        });
        assert.equal(again.fixedAt, at(3), "the last fix stays readable");
        const all = await store.incidents.projects(incident.id);
        assert.deepEqual(
          all.map((p) => [p.projectName, p.status, p.justification ?? null]),
          [
            ["team-a/api", "affected", null],
            ["team-b/web", "not_affected", "vulnerable_code_not_in_execute_path"],
          ],
        );
        assert.deepEqual(
          (await store.incidents.projects(incident.id, { projectPatterns: ["team-b/*"] })).map(
            (p) => p.projectName,
          ),
          ["team-b/web"],
        );
        assert.deepEqual(await store.incidents.projects(incident.id, { projectPatterns: [] }), []);
        assert.deepEqual(
          (await store.incidents.openForProject(api.id)).map((r) => [r.incident.id, r.project.status]),
          [[incident.id, "affected"]],
        );
        await store.incidents.setStatus(incident.id, "closed", at(9));
        assert.deepEqual(await store.incidents.openForProject(api.id), []);
        await assert.rejects(
          store.incidents.setProject({
            incidentId: incident.id,
            projectId: api.id,
            projectName: api.name,
            status: "done" as never,
            at: at(10),
            by: "x",
          }),
          BulwarkError,
        );
      }));

    test("the timeline keeps order, pages, and hides other projects' lines from a scoped reader", () =>
      withStore(factory.fresh, async (store) => {
        const incident = await store.incidents.create({
          ...RAPID_RESET,
          title: "rapid reset",
          owner: "sec",
          openedAt: at(0),
          openedBy: "alice",
        });
        await store.incidents.appendEvents([
          { incidentId: incident.id, at: at(0), type: "opened", by: "alice" },
          {
            incidentId: incident.id,
            at: at(1),
            type: "project.affected",
            projectId: 1,
            projectName: "team-a/api",
            status: "affected",
            by: "rule:kev",
            details: { purls: ["pkg:golang/golang.org/x/net@0.16.0"] },
          },
          {
            incidentId: incident.id,
            at: at(2),
            type: "project.affected",
            projectId: 2,
            projectName: "team-b/web",
            status: "affected",
            by: "rule:kev",
          },
          { incidentId: incident.id, at: at(3), type: "closed", by: "alice" },
        ]);
        const events = (await store.incidents.events(incident.id)).items;
        assert.deepEqual(
          events.map((e) => [e.type, e.projectName ?? null]),
          [
            ["opened", null],
            ["project.affected", "team-a/api"],
            ["project.affected", "team-b/web"],
            ["closed", null],
          ],
        );
        assert.deepEqual(events[1]!.details, { purls: ["pkg:golang/golang.org/x/net@0.16.0"] });
        assert.deepEqual(
          (await store.incidents.events(incident.id, { projectPatterns: ["team-a/*"] })).items.map(
            (e) => e.type,
          ),
          ["opened", "project.affected", "closed"],
        );
        const p1 = await store.incidents.events(incident.id, { limit: 3 });
        const p2 = await store.incidents.events(incident.id, { limit: 3, cursor: p1.nextCursor! });
        assert.deepEqual(
          p2.items.map((e) => e.type),
          ["closed"],
        );
        await assert.rejects(
          store.incidents.appendEvents([
            { incidentId: incident.id, at: at(4), type: "nope" as never, by: "x" },
          ]),
          BulwarkError,
        );
      }));

    test("an incident written in a transaction that fails leaves nothing", () =>
      withStore(factory.fresh, async (store) => {
        await assert.rejects(
          store.transaction(async (tx) => {
            const i = await tx.incidents.create({
              ...RAPID_RESET,
              title: "t",
              owner: "o",
              openedAt: at(0),
              openedBy: "a",
            });
            await tx.incidents.appendEvents([{ incidentId: i.id, at: at(0), type: "opened", by: "a" }]);
            throw new Error("boom");
          }),
          /boom/,
        );
        assert.deepEqual((await store.incidents.list()).items, []);
        assert.deepEqual(await store.incidents.openFor(["CVE-2023-44487"]), []);
      }));
  });
}
