import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { truncateAllTables, usePostgresTestDatabase } from "../testing/postgres.js";
import { bulwark, type ServerProcess, startServerProcess } from "../testing/server-process.js";

// The audit ranking and server policies end to end, on a real `bulwark serve --policy FILE` process and both
// stores: the corpus projects are uploaded with `bulwark upload`, a risk result made by the real `bulwark risk`
// on the corpus's sigstore-js folder is posted, the npm advisories arrive later through the API, and the
// ranking and the violations follow each step.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-ranking-e2e-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();
const policyFile = join(tmp, "policy.toml");
const riskFile = join(tmp, "risk.json");
const inventories: Record<string, string> = {};

before(() => {
  writeFileSync(
    policyFile,
    [
      '[[rule]]\nname = "critical and high"\nlevel = "fail"\nseverity = "high"\n',
      '[[rule]]\nname = "no axios"\nlevel = "warn"\npackages = ["pkg:npm/axios"]\n',
      '[[rule]]\nname = "weak practices"\nlevel = "info"\nrisk_below = 5\n',
    ].join("\n"),
  );
  const risk = bulwark(["risk", corpusPath("projects", "sigstore-js"), "--format", "json", "-o", riskFile]);
  assert.equal(risk.code, 0, risk.stderr);
  for (const project of ["dependency-track-frontend", "sigstore-js"]) {
    inventories[project] = join(tmp, `${project}.json`);
    const r = bulwark([
      "inventory",
      corpusPath("projects", project),
      "--format",
      "json",
      "-o",
      inventories[project]!,
    ]);
    assert.equal(r.code, 0, r.stderr);
  }
});

for (const kind of ["SQLite", "PostgreSQL"] as const) {
  describe(`ranking and policies on bulwark serve (${kind})`, () => {
    let server: ServerProcess;
    let key: string;
    before(async () => {
      const data = mkdtempSync(join(tmp, "data-"));
      if (kind === "PostgreSQL") await truncateAllTables(postgres.url).catch(() => {});
      const flags = ["--data", data, ...(kind === "PostgreSQL" ? ["--database", postgres.url] : [])];
      // the npm advisories are not there yet: they arrive through the API later
      assert.equal(
        bulwark(["db", "import", corpusPath("osv", "go"), "--db", join(data, "advisories.db")]).code,
        0,
      );
      const created = bulwark(["server", "key", "create", "--role", "admin", "--name", "e2e", ...flags]);
      assert.equal(created.code, 0, created.stderr);
      key = created.stdout.trim();
      server = await startServerProcess([...flags, "--policy", policyFile]);
    });
    after(async () => {
      await server?.stop("SIGKILL");
    });
    const api = async (path: string, init: RequestInit = {}) => {
      const r = await fetch(`${server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) },
      });
      const text = await r.text();
      // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked field by field below
      let body: any = text;
      if (r.headers.get("content-type")?.includes("json")) body = JSON.parse(text);
      return { status: r.status, body };
    };
    // biome-ignore lint/suspicious/noExplicitAny: ranking rows as the API gives them
    const ranking = async (): Promise<any[]> => {
      const out = [];
      let cursor = "";
      for (;;) {
        const r = await api(`/api/v1/components/ranking?limit=1000${cursor}`);
        assert.equal(r.status, 200);
        out.push(...r.body.items);
        if (!r.body.nextCursor) return out;
        cursor = `&cursor=${encodeURIComponent(r.body.nextCursor)}`;
      }
    };

    test("uploads rank the shared packages; a real risk result ranks its package; violations follow", async () => {
      for (const [project, name] of [
        ["dependency-track-frontend", "web/frontend"],
        ["sigstore-js", "infra/sigstore"],
      ] as const) {
        const r = bulwark(
          ["upload", inventories[project]!, "--server", server.url, "--project", name, "--format", "json"],
          { BULWARK_API_KEY: key },
        );
        assert.equal(r.code, 0, r.stderr);
      }
      let rows = await ranking();
      assert.ok(rows.length > 500);
      assert.ok(
        rows.every((r) => r.openVulnerabilities === 0),
        "no npm advisories yet",
      );
      assert.equal(rows[0].projects, 2, "shared packages first while nothing else differs");

      const report = readFileSync(riskFile, "utf8");
      const posted = await api("/api/v1/risk?purl=pkg:npm/%40sigstore/bundle", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: report,
      });
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      rows = await ranking();
      const bundle = rows.find((r) => r.purl === "pkg:npm/%40sigstore/bundle");
      assert.equal(bundle.riskScore, JSON.parse(report).score);

      const violations = await api("/api/v1/projects/web%2Ffrontend/violations");
      assert.deepEqual(violations.body.counts, { fail: 0, warn: 1, info: 0 });
      assert.match(violations.body.items[0].subject.purl, /^pkg:npm\/axios@/);
      // the risk result is judged at once in the project holding the package (risk_below = 5)
      const weak = await api("/api/v1/projects/infra%2Fsigstore/violations");
      assert.deepEqual(weak.body.counts, { fail: 0, warn: 0, info: 1 });
      assert.equal(weak.body.items[0].rule, "weak practices");
      assert.ok(weak.body.items[0].message.includes(`risk score ${JSON.parse(report).score}`));
    });

    test("an advisory import through the API updates the ranking and the violations, with events", async () => {
      const dir = corpusPath("osv", "npm-ghsa");
      const records = await Promise.all(
        (await readdir(dir))
          .filter((f) => f.endsWith(".json"))
          .map(async (f) => JSON.parse(readFileSync(join(dir, f), "utf8"))),
      );
      const imported = await api("/api/v1/advisories", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(records),
      });
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      assert.ok(imported.body.newFindings > 0, JSON.stringify(imported.body));
      const rows = await ranking();
      const vulnerable = rows.filter((r) => r.openVulnerabilities > 0);
      assert.ok(vulnerable.length > 0, "vulnerable rows");
      const findings = await api("/api/v1/projects/web%2Ffrontend/findings?state=open&limit=1000");
      const open = findings.body.items as {
        purl: string;
        vulnerability: string;
        severity: { rating: string };
      }[];
      // each vulnerable package counts the distinct vulnerabilities of its open findings, and ranks above its
      // usage alone
      for (const row of vulnerable.filter((r) => r.projects === 1 && r.riskScore === undefined)) {
        const ids = new Set(
          open.filter((f) => f.purl.startsWith(`${row.purl}@`)).map((f) => f.vulnerability),
        );
        if (ids.size === 0) continue; // the sigstore project's package
        assert.equal(row.openVulnerabilities, ids.size, row.purl);
        assert.ok(row.score > row.projects + row.directProjects, row.purl);
      }
      const violations = await api("/api/v1/projects/web%2Ffrontend/violations?limit=1000");
      const high = open.filter((f) => ["high", "critical"].includes(f.severity.rating)).length;
      assert.ok(high > 0, "high findings");
      assert.deepEqual(violations.body.counts, { fail: high, warn: 1, info: 0 });
      const csv = await api("/api/v1/components/ranking?format=csv&limit=10");
      assert.equal(csv.status, 200);
      assert.equal(csv.body.split("\r\n").filter(Boolean).length, 11);
    });
  });
}
