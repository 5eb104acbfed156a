import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { inventory, inventoryToJson } from "../inventory/index.js";
import { hashApiKey } from "../store/portfolio/api-key-hash.js";
import { openPortfolioStore, type PortfolioStore } from "../store/portfolio/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import type { App } from "./app.js";
import { newApiKey } from "./key-authenticator.js";
import { buildServer } from "./server.js";

// The whole API on a real store and the corpus advisories, through Fastify's injection (the end-to-end tests on
// a real server process are in server-process.test.ts).

const tmp = mkdtempSync(join(tmpdir(), "bulwark-server-"));
let advisories: CorpusAdvisories;
let store: PortfolioStore;
let app: App;
const keys: Record<string, string> = {};
let frontend: string;

async function addKey(name: string, role: "admin" | "write" | "read", projects: string[] = []) {
  keys[name] = newApiKey();
  await store.apiKeys.create({
    name,
    role,
    projectPatterns: projects,
    hash: hashApiKey(keys[name]!),
    createdAt: new Date().toISOString(),
  });
}

before(async () => {
  advisories = await buildCorpusDatabase();
  store = await openPortfolioStore({ kind: "sqlite", path: join(tmp, "portfolio.db") });
  ({ app } = await buildServer({
    store,
    advisories: { reader: advisories.reader, location: advisories.path },
  }));
  await addKey("admin", "admin");
  await addKey("ci", "write");
  await addKey("auditor", "read");
  await addKey("team-web", "read", ["web/*"]);
  frontend = JSON.stringify(
    inventoryToJson(await inventory([corpusPath("projects", "dependency-track-frontend")])),
  );
});
after(async () => {
  await app?.close();
  await store?.close();
  advisories?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

const call = (
  key: string | undefined,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  payload?: unknown,
  type = "application/json",
) =>
  app.inject({
    method,
    url,
    headers: {
      ...(key ? { authorization: `Bearer ${keys[key]}` } : {}),
      ...(payload !== undefined ? { "content-type": type } : {}),
    },
    ...(payload !== undefined
      ? { payload: typeof payload === "string" ? payload : JSON.stringify(payload) }
      : {}),
  });

describe("the API's contract", () => {
  test("every route declares who may call it; the list is this one (a new route must be added here)", () => {
    const table = app.accessTable.map((r) => `${r.method} ${r.url} ${r.access}`).sort();
    assert.deepEqual(table, [
      "DELETE /api/v1/keys/:id admin",
      "DELETE /api/v1/notification-rules/:id admin",
      "DELETE /api/v1/projects/:name admin",
      "DELETE /api/v1/session public",
      "GET / public",
      "GET /* public",
      "GET /api/openapi.json public",
      "GET /api/v1/audit admin",
      "GET /api/v1/components read",
      "GET /api/v1/components/ranking read",
      "GET /api/v1/findings/export read",
      "GET /api/v1/incidents read",
      "GET /api/v1/incidents/:id read",
      "GET /api/v1/incidents/:id/report read",
      "GET /api/v1/keys admin",
      "GET /api/v1/metrics read",
      "GET /api/v1/metrics/history read",
      "GET /api/v1/notification-rules admin",
      "GET /api/v1/notification-rules/:id admin",
      "GET /api/v1/notification-rules/:id/deliveries admin",
      "GET /api/v1/projects read",
      "GET /api/v1/projects/:name read",
      "GET /api/v1/projects/:name/components read",
      "GET /api/v1/projects/:name/findings read",
      "GET /api/v1/projects/:name/findings/:id read",
      "GET /api/v1/projects/:name/findings/:id/analysis read",
      "GET /api/v1/projects/:name/snapshots read",
      "GET /api/v1/projects/:name/snapshots/diff read",
      "GET /api/v1/projects/:name/vex read",
      "GET /api/v1/projects/:name/violations read",
      "GET /api/v1/session public",
      "GET /api/v1/settings/sla read",
      "GET /api/v1/vulnerabilities/:id read",
      "GET /healthz public",
      "GET /metrics read",
      "GET /readyz public",
      "GET /v1/vulns/:id read",
      "PATCH /api/v1/notification-rules/:id admin",
      "PATCH /api/v1/projects/:name write",
      "POST /api/v1/advisories admin",
      "POST /api/v1/advisories/epss admin",
      "POST /api/v1/advisories/kev admin",
      "POST /api/v1/incidents write",
      "POST /api/v1/incidents/:id/close write",
      "POST /api/v1/keys admin",
      "POST /api/v1/notification-rules admin",
      "POST /api/v1/projects/:name/uploads write",
      "POST /api/v1/projects/:name/vex write",
      "POST /api/v1/risk write",
      "POST /api/v1/session public",
      "POST /v1/query read",
      "POST /v1/querybatch read",
      "PUT /api/v1/incidents/:id/projects/:project write",
      "PUT /api/v1/projects/:name/findings/:id/analysis write",
    ]);
  });

  test("/api/openapi.json is a valid OpenAPI 3.1 document naming every route with its schemas", async () => {
    const doc = (await call(undefined, "GET", "/api/openapi.json")).json();
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors)?.slice(0, 2000));
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
      ),
    );
    // the dashboard's pages (/, /*) are not API routes
    for (const r of app.accessTable)
      if (!["/api/openapi.json", "/", "/*"].includes(r.url))
        assert.ok(documented.has(`${r.method} ${r.url}`), `${r.method} ${r.url}`);
    assert.ok(doc.paths["/api/v1/projects/{name}/findings"].get.responses["200"]);
  });

  test("each role's limits: no key 401, wrong role 403, a scoped key sees only its projects (others are 404)", async () => {
    assert.equal((await call(undefined, "GET", "/api/v1/projects")).statusCode, 401);
    assert.equal(
      (await call("auditor", "POST", "/api/v1/projects/web%2Ffrontend/uploads", frontend)).statusCode,
      403,
    );
    assert.equal((await call("ci", "GET", "/api/v1/keys")).statusCode, 403);
    const up = await call("ci", "POST", "/api/v1/projects/web%2Ffrontend/uploads?version=main", frontend);
    assert.equal(up.statusCode, 201, up.body);
    assert.equal(
      (await call("ci", "POST", "/api/v1/projects/payments%2Fapi/uploads", frontend)).statusCode,
      201,
    );
    const scoped = await call("team-web", "GET", "/api/v1/projects");
    assert.deepEqual(
      scoped.json().items.map((p: { name: string }) => p.name),
      ["web/frontend"],
    );
    assert.equal((await call("team-web", "GET", "/api/v1/projects/payments%2Fapi")).statusCode, 404);
    assert.equal((await call("team-web", "GET", "/api/v1/projects/payments%2Fapi/findings")).statusCode, 404);
    const hidden = (await call("team-web", "GET", "/api/v1/vulnerabilities/CVE-2022-29078")).json();
    assert.deepEqual(
      [...new Set(hidden.findings.items.map((f: { project: string }) => f.project))],
      ["web/frontend"],
    );
    const everyone = (await call("auditor", "GET", "/api/v1/vulnerabilities/CVE-2022-29078")).json();
    assert.deepEqual(
      [...new Set(everyone.findings.items.map((f: { project: string }) => f.project))].sort(),
      ["payments/api", "web/frontend"],
    );
  });

  test("invalid requests are 400 naming the field, never a stack trace", async () => {
    const bad = await call("auditor", "GET", "/api/v1/projects?limit=5000");
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /limit/);
    assert.ok(!bad.body.includes("    at "));
    const badBody = await call("admin", "POST", "/api/v1/keys", { name: "x", role: "root" });
    assert.equal(badBody.statusCode, 400);
    assert.match(badBody.json().detail, /role/);
    const malformed = await call(
      "ci",
      "POST",
      "/api/v1/projects/x/uploads",
      '{"bomFormat": "CycloneDX", "components": [',
    );
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, "PARSE_FAILED");
    assert.equal((await call("auditor", "GET", "/api/v1/projects/x")).statusCode, 404, "nothing stored");
  });
});

describe("a project through the API", () => {
  test("findings with their clock, components, snapshots, reverse lookups", async () => {
    const findings = (
      await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend/findings?limit=1000")
    ).json();
    assert.ok(findings.items.length >= 38);
    const ejs = findings.items.find(
      (f: { vulnerability: string }) => f.vulnerability === "GHSA-phwq-j96m-2c2q",
    );
    assert.equal(ejs.purl, "pkg:npm/ejs@2.7.4");
    assert.deepEqual(ejs.fixed, ["3.1.7"]);
    assert.equal(ejs.state, "open");
    assert.ok(
      Date.parse(ejs.detectedAt) > Date.parse(ejs.publishedAt),
      "detected (now) after published (2022)",
    );
    assert.match(ejs.remediation.advice, /ejs/);
    const components = (await call("auditor", "GET", "/api/v1/components?purl=pkg:npm/ejs")).json();
    assert.deepEqual(
      components.items.map((c: { project: string; version: string }) => `${c.project} ${c.version}`).sort(),
      ["payments/api 2.7.4", "web/frontend 2.7.4"],
    );
    const snapshots = (await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend/snapshots")).json();
    assert.equal(snapshots.items.length, 1);
    assert.equal(snapshots.items[0].version, "main");
  });

  test("triage suppresses a finding and takes it out of the counts; VEX out says so", async () => {
    const before = (await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend")).json();
    const findings = (
      await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend/findings?limit=1000")
    ).json();
    const target = findings.items.find(
      (f: { vulnerability: string }) => f.vulnerability === "GHSA-phwq-j96m-2c2q",
    );
    const url = `/api/v1/projects/web%2Ffrontend/findings/${target.id}/analysis`;
    assert.equal((await call("auditor", "PUT", url, { state: "not_affected" })).statusCode, 403);
    const triaged = await call("ci", "PUT", url, {
      state: "not_affected",
      justification: "code_not_reachable",
      detail: "templates are static",
    });
    assert.equal(triaged.statusCode, 200, triaged.body);
    assert.equal(triaged.json().state, "suppressed");
    const after = (await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend")).json();
    assert.equal(after.open.total, before.open.total - 1);
    const vex = (await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend/vex?format=openvex")).json();
    const statement = vex.statements.find(
      (s: { vulnerability: { name: string } }) => s.vulnerability.name === "GHSA-phwq-j96m-2c2q",
    );
    assert.equal(statement.status, "not_affected");
    assert.equal(statement.justification, "vulnerable_code_not_in_execute_path");
    const history = (await call("auditor", "GET", url)).json();
    assert.equal(history.items[0].by, "ci");
    const audit = (await call("admin", "GET", "/api/v1/audit?action=analysis.update")).json();
    assert.equal(audit.items[0].keyName, "ci");
  });
});
