import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type OpenedAdvisoryDatabase, openAdvisoryDatabase } from "../advisories/database.js";
import { importAdvisories } from "../advisories/import.js";
import { inventory, inventoryToJson } from "../inventory/index.js";
import { scan } from "../scan/index.js";
import { openPortfolioStore, type PortfolioStore } from "../store/portfolio/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { truncateAllTables, usePostgresTestDatabase } from "../testing/postgres.js";
import { DEFAULT_RETENTION, type PortfolioContext } from "./context.js";
import { ingestUpload } from "./ingest.js";
import { importIntoPortfolio } from "./monitor.js";

// Continuous monitoring on both stores: the corpus advisories except a held-back set, the projects uploaded, then
// the held-back set imported — exactly the findings `bulwark scan` gives with every record appear, detected at
// the import, and the import's answer counts them.

/** Real npm records that hit dependency-track-frontend: both ejs advisories and bootstrap's. */
const HELD_BACK = ["GHSA-phwq-j96m-2c2q", "GHSA-ghr5-ch3p-vcr6", "GHSA-vc8w-jr9v-vj7f"];
const PROJECTS = ["dependency-track-frontend", "guac"];

const tmp = mkdtempSync(join(tmpdir(), "bulwark-monitor-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();
let full: CorpusAdvisories;
const expected = new Map<string, Set<string>>();
const bodies = new Map<string, string>();
let heldBack: string;
let partialNpm: string;

before(async () => {
  full = await buildCorpusDatabase();
  for (const name of PROJECTS) {
    const path = corpusPath("projects", name);
    bodies.set(name, JSON.stringify(inventoryToJson(await inventory([path]))));
    const result = await scan({ paths: [path] }, full.reader);
    expected.set(name, new Set(result.findings.map((f) => `${f.package.purl} ${f.id}`)));
  }
  heldBack = join(tmp, "held-back");
  partialNpm = join(tmp, "npm-ghsa");
  cpSync(corpusPath("osv", "npm-ghsa"), partialNpm, { recursive: true });
  for (const id of HELD_BACK) {
    cpSync(join(partialNpm, `${id}.json`), join(heldBack, `${id}.json`));
    rmSync(join(partialNpm, `${id}.json`));
  }
});
after(() => full.cleanup());

let counter = 0;
for (const kind of ["SQLite", "PostgreSQL"] as const) {
  describe(`monitoring on ${kind}`, () => {
    let store: PortfolioStore;
    let advisories: OpenedAdvisoryDatabase;
    let ctx: PortfolioContext;
    let minute = 0;
    const clock = () => new Date(Date.parse("2026-06-01T00:00:00Z") + ++minute * 60_000);
    before(async () => {
      const n = ++counter;
      if (kind === "PostgreSQL") await truncateAllTables(postgres.url);
      store = await openPortfolioStore(
        kind === "SQLite"
          ? { kind: "sqlite", path: join(tmp, `p${n}.db`) }
          : { kind: "postgres", url: postgres.url },
      );
      advisories = await openAdvisoryDatabase({ path: join(tmp, `a${n}.db`), mode: "write" });
      await importAdvisories(advisories.writer!, [
        ...["go", "pypi", "ghsa-and-others"].map((f) => corpusPath("osv", f)),
        partialNpm,
      ]);
      ctx = {
        store,
        advisories: advisories.reader,
        advisoryWriter: advisories.writer,
        clock,
        retention: DEFAULT_RETENTION,
      };
      for (const name of PROJECTS)
        await ingestUpload(ctx, { project: name, body: bodies.get(name)!, uploadedBy: "ci" });
    });
    after(async () => {
      await store.close();
      await advisories.close();
    });

    const stored = async (name: string) => {
      const project = (await store.projects.get(name))!;
      const page = await store.findings.listForProject(project.id, { states: ["open"], limit: 1000 });
      return page.items;
    };

    test("before: every finding but the held-back ones", async () => {
      const now = new Set(
        (await stored("dependency-track-frontend")).map((f) => `${f.purl} ${f.vulnerabilityId}`),
      );
      const missing = [...expected.get("dependency-track-frontend")!].filter((k) => !now.has(k));
      assert.deepEqual(missing.map((k) => k.split(" ")[1]).sort(), [...HELD_BACK].sort());
    });

    test("importing the held-back set gives exactly the scan's findings, detected now; the answer counts them", async () => {
      const importedAt = Date.parse("2026-06-01T00:00:00Z") + (minute + 1) * 60_000;
      const answer = await importIntoPortfolio(ctx, [heldBack], { source: "held-back", by: "admin" });
      assert.equal(answer.imported, 3);
      assert.equal(answer.newFindings, 3);
      assert.equal(answer.affectedProjects, 1, "guac has no npm packages: not touched");
      for (const name of PROJECTS) {
        const findings = await stored(name);
        assert.deepEqual(
          new Set(findings.map((f) => `${f.purl} ${f.vulnerabilityId}`)),
          expected.get(name),
          name,
        );
      }
      const fresh = (await stored("dependency-track-frontend")).filter((f) =>
        HELD_BACK.includes(f.vulnerabilityId),
      );
      assert.equal(fresh.length, 3);
      for (const f of fresh)
        assert.ok(Date.parse(f.detectedAt) >= importedAt, `${f.vulnerabilityId} detected at the import`);
      const imports = await store.advisoryImports.list();
      assert.equal(imports.items[0]?.newFindings, 3);
    });

    test("a withdrawn record closes its findings as withdrawn, not fixed", async () => {
      const record = JSON.parse(readFileSync(join(heldBack, "GHSA-vc8w-jr9v-vj7f.json"), "utf8"));
      record.withdrawn = "2026-06-02T00:00:00Z";
      record.modified = "2026-06-02T00:00:00Z";
      const file = join(tmp, `withdrawn-${kind}.json`);
      writeFileSync(file, JSON.stringify(record));
      const answer = await importIntoPortfolio(ctx, [file], { source: "withdrawal", by: "admin" });
      assert.equal(answer.replaced, 1);
      assert.equal(answer.closedFindings, 1);
      const project = (await store.projects.get("dependency-track-frontend"))!;
      const withdrawn = await store.findings.listForProject(project.id, { states: ["withdrawn"] });
      assert.deepEqual(
        withdrawn.items.map((f) => f.vulnerabilityId),
        ["GHSA-vc8w-jr9v-vj7f"],
      );
      assert.ok(withdrawn.items[0]?.withdrawnAt);
    });
  });
}
