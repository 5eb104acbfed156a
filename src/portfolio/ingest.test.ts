import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { inventory, inventoryToJson } from "../inventory/index.js";
import type { Inventory } from "../model/inventory.js";
import { toCycloneDx } from "../sbom/index.js";
import { scan } from "../scan/index.js";
import { openPortfolioStore, type PortfolioStore } from "../store/portfolio/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { truncateAllTables, usePostgresTestDatabase } from "../testing/postgres.js";
import { DEFAULT_RETENTION, type PortfolioContext } from "./context.js";
import { ingestUpload } from "./ingest.js";

// Uploads end to end on both stores, against the real corpus advisories: what the store holds after an upload
// is what `bulwark scan` finds in the same files.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-ingest-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();
let advisories: CorpusAdvisories;
let frontend: Inventory;
let expected: Set<string>;
before(async () => {
  advisories = await buildCorpusDatabase();
  const path = corpusPath("projects", "dependency-track-frontend");
  frontend = await inventory([path]);
  const result = await scan({ paths: [path] }, advisories.reader);
  expected = new Set(result.findings.map((f) => `${f.package.purl} ${f.id}`));
  assert.ok(expected.size >= 38);
});
after(() => advisories.cleanup());

const stores = [
  {
    name: "SQLite",
    open: async (n: number) => openPortfolioStore({ kind: "sqlite", path: join(tmp, `p${n}.db`) }),
  },
  {
    name: "PostgreSQL",
    open: async () => {
      await truncateAllTables(postgres.url);
      return openPortfolioStore({ kind: "postgres", url: postgres.url });
    },
  },
];

let counter = 0;
for (const kind of stores) {
  describe(`uploads on ${kind.name}`, () => {
    let store: PortfolioStore;
    let ctx: PortfolioContext;
    let minute = 0;
    const clock = () => new Date(Date.parse("2026-06-01T00:00:00Z") + ++minute * 60_000);
    before(async () => {
      store = await kind.open(++counter);
      ctx = { store, advisories: advisories.reader, clock, retention: DEFAULT_RETENTION };
    });
    after(() => store.close());

    const storedKeys = async (project: string, states: ("open" | "fixed")[] = ["open"]) => {
      const p = await store.projects.get(project);
      assert.ok(p);
      const found = await store.findings.listForProject(p.id, { states, limit: 1000 });
      return new Set(found.items.map((f) => `${f.purl} ${f.vulnerabilityId}`));
    };

    test("a Bulwark inventory upload stores the findings `bulwark scan` gives", async () => {
      const answer = await ingestUpload(ctx, {
        project: "web/frontend",
        body: JSON.stringify(inventoryToJson(frontend)),
        uploadedBy: "ci",
      });
      assert.equal(answer.project.name, "web/frontend");
      assert.equal(answer.components, frontend.packages.length);
      assert.deepEqual(answer.findings, { new: expected.size, fixed: 0, open: expected.size });
      assert.deepEqual(await storedKeys("web/frontend"), expected);
      assert.equal(answer.project.open.total, expected.size);
    });

    test("a CycloneDX made from the same inventory gives the same findings", async () => {
      const body = JSON.stringify(toCycloneDx(frontend, { name: "frontend" }));
      const answer = await ingestUpload(ctx, { project: "web/frontend-cdx", body, uploadedBy: "ci" });
      assert.equal(answer.findings.new, expected.size);
      assert.deepEqual(await storedKeys("web/frontend-cdx"), expected);
    });

    test("a later snapshot without the vulnerable ejs fixes its findings, with the snapshot that fixed them", async () => {
      const ejs = frontend.packages.filter((p) => p.name === "ejs").map((p) => p.purl);
      assert.deepEqual(ejs, ["pkg:npm/ejs@2.7.4"]);
      const upgraded: Inventory = {
        ...frontend,
        packages: frontend.packages.map((p) =>
          p.name === "ejs" ? { ...p, version: "3.1.10", purl: "pkg:npm/ejs@3.1.10" } : p,
        ),
      };
      const answer = await ingestUpload(ctx, {
        project: "web/frontend",
        body: JSON.stringify(inventoryToJson(upgraded)),
        uploadedBy: "ci",
      });
      const ejsFindings = [...expected].filter((k) => k.startsWith("pkg:npm/ejs@2.7.4 "));
      assert.equal(
        ejsFindings.length,
        2,
        "GHSA-phwq-j96m-2c2q (fixed 3.1.7) and GHSA-ghr5-ch3p-vcr6 (fixed 3.1.10)",
      );
      assert.deepEqual(answer.findings, { new: 0, fixed: 2, open: expected.size - 2 });
      assert.deepEqual(await storedKeys("web/frontend", ["fixed"]), new Set(ejsFindings));
      const project = (await store.projects.get("web/frontend"))!;
      const fixed = (await store.findings.listForProject(project.id, { states: ["fixed"] })).items;
      for (const f of fixed) {
        assert.equal(f.fixedSnapshotId, answer.snapshot.id);
        assert.ok(Date.parse(f.fixedAt!) > Date.parse(f.detectedAt));
      }
      assert.equal(project.open.total, expected.size - 2);
    });

    test("a malformed body stores nothing and names the problem", async () => {
      await assert.rejects(
        ingestUpload(ctx, {
          project: "broken",
          body: '{"bomFormat": "CycloneDX", "components": [',
          uploadedBy: "ci",
        }),
        { code: "PARSE_FAILED" },
      );
      await assert.rejects(ingestUpload(ctx, { project: "broken", body: "hello", uploadedBy: "ci" }), {
        code: "UNKNOWN_FORMAT",
      });
      assert.equal(await store.projects.get("broken"), undefined);
      await assert.rejects(ingestUpload(ctx, { project: "a//b", body: "{}", uploadedBy: "ci" }), {
        code: "USAGE",
      });
    });
  });
}
