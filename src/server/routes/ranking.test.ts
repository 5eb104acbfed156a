import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { inventory, inventoryToJson } from "../../inventory/index.js";
import { parsePolicy } from "../../policy/index.js";
import { assessRisk } from "../../risk/index.js";
import { hashApiKey } from "../../store/portfolio/api-key-hash.js";
import { openPortfolioStore, type PortfolioStore } from "../../store/portfolio/index.js";
import { corpusPath } from "../../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../../testing/corpus-advisories.js";
import type { App } from "../app.js";
import { newApiKey } from "../key-authenticator.js";
import { buildServer } from "../server.js";

// The audit ranking, risk uploads and policy violations through the HTTP API (Fastify injection) on a real
// store, the corpus advisories and the corpus projects' inventories; the risk report is what the real
// `bulwark risk` code says about the corpus's sigstore-js folder.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-ranking-routes-"));
let advisories: CorpusAdvisories;
let store: PortfolioStore;
let app: App;
const keys: Record<string, string> = {};
let banned: string;

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

const call = (key: string | undefined, method: "GET" | "POST", url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: {
      ...(key ? { authorization: `Bearer ${keys[key]}` } : {}),
      ...(payload !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(payload !== undefined
      ? { payload: typeof payload === "string" ? payload : JSON.stringify(payload) }
      : {}),
  });

interface Ranked {
  ecosystem: string;
  name: string;
  purl: string;
  projects: number;
  directProjects: number;
  transitiveProjects: number;
  openVulnerabilities: number;
  openFindings: number;
  kev: number;
  riskScore?: number;
  criticality?: number;
  score: number;
}

async function wholeRanking(key: string, query = ""): Promise<Ranked[]> {
  const out: Ranked[] = [];
  let cursor = "";
  for (;;) {
    const res = await call(key, "GET", `/api/v1/components/ranking?limit=200${query}${cursor}`);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json() as { items: Ranked[]; nextCursor: string | null };
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = `&cursor=${encodeURIComponent(page.nextCursor)}`;
  }
}

before(async () => {
  advisories = await buildCorpusDatabase();
  store = await openPortfolioStore({ kind: "sqlite", path: join(tmp, "portfolio.db") });
  const frontend = await inventory([corpusPath("projects", "dependency-track-frontend")]);
  const sigstore = await inventory([corpusPath("projects", "sigstore-js")]);
  // a package the frontend really holds, banned by the policy
  banned = frontend.packages.find((p) => p.resolved && p.direct && p.name === "axios")?.name ?? "";
  assert.ok(banned, "the frontend depends on axios directly");
  const policy = parsePolicy(
    `[[rule]]\nname = "high and critical"\nlevel = "fail"\nseverity = "high"\n\n` +
      `[[rule]]\nname = "banned"\nlevel = "warn"\npackages = ["pkg:npm/${banned}"]\n\n` +
      `[[rule]]\nname = "weak practices"\nlevel = "info"\nrisk_below = 5\n`,
    "policy.toml",
  );
  ({ app } = await buildServer({
    store,
    advisories: { reader: advisories.reader, location: advisories.path },
    webRoot: false,
    policy,
  }));
  await addKey("ci", "write");
  await addKey("auditor", "read");
  await addKey("team-web", "read", ["web/*"]);
  await addKey("team-web-ci", "write", ["web/*"]);
  await addKey("admin", "admin");
  for (const [name, inv] of [
    ["web/frontend", frontend],
    ["infra/sigstore", sigstore],
  ] as const) {
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/projects/${encodeURIComponent(name)}/uploads`,
      headers: { authorization: `Bearer ${keys.ci}`, "content-type": "application/json" },
      payload: JSON.stringify(inventoryToJson(inv)),
    });
    assert.equal(res.statusCode, 201, res.body);
  }
});
after(async () => {
  await app?.close();
  await store?.close();
  advisories?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

describe("GET /api/v1/components/ranking", () => {
  test("needs a key; ranks by score, shared and vulnerable packages first; pages agree with one walk", async () => {
    assert.equal((await call(undefined, "GET", "/api/v1/components/ranking")).statusCode, 401);
    const ranking = await wholeRanking("auditor");
    assert.ok(ranking.length > 500);
    for (let i = 1; i < ranking.length; i++) assert.ok(ranking[i - 1]!.score >= ranking[i]!.score);
    const shared = ranking.filter((r) => r.projects === 2);
    assert.ok(shared.length > 0, "the two corpus projects share npm packages");
    const vulnerable = ranking.filter((r) => r.openVulnerabilities > 0);
    assert.ok(vulnerable.length > 0, "the corpus advisories affect the frontend");
    for (const r of ranking) {
      assert.ok(r.directProjects + r.transitiveProjects <= r.projects);
      assert.ok(!/@\d/.test(r.purl.replace(/^pkg:npm\/%40/, "")), `versionless purl: ${r.purl}`);
    }
    // the stored findings agree with the ranking's vulnerability counts
    const res = await call(
      "auditor",
      "GET",
      "/api/v1/projects/web%2Ffrontend/findings?state=open&limit=1000",
    );
    const open = (res.json() as { items: { purl: string; vulnerability: string }[] }).items;
    const axios = ranking.find((r) => r.name === banned)!;
    const axiosVulns = new Set(
      open.filter((f) => f.purl.startsWith(`pkg:npm/${banned}@`)).map((f) => f.vulnerability),
    );
    assert.equal(axios.openVulnerabilities, axiosVulns.size);
    assert.equal(axios.directProjects, 1);
    const first = (await call("auditor", "GET", "/api/v1/components/ranking?limit=3")).json();
    assert.deepEqual(first.items, ranking.slice(0, 3));
  });

  test("ecosystem filter, validation, and a cursor of another list is refused", async () => {
    const npm = await wholeRanking("auditor", "&ecosystem=npm");
    assert.ok(npm.length > 0 && npm.every((r) => r.ecosystem === "npm"));
    assert.deepEqual(await wholeRanking("auditor", "&ecosystem=PyPI"), []);
    assert.equal((await call("auditor", "GET", "/api/v1/components/ranking?limit=0")).statusCode, 400);
    assert.equal((await call("auditor", "GET", "/api/v1/components/ranking?format=xml")).statusCode, 400);
    const page = (await call("auditor", "GET", "/api/v1/components/ranking?limit=2")).json();
    const res = await call(
      "auditor",
      "GET",
      `/api/v1/components/ranking?ecosystem=npm&cursor=${page.nextCursor}`,
    );
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, "USAGE");
  });

  test("a scoped key's counts cover only its projects", async () => {
    const scoped = await wholeRanking("team-web");
    const all = await wholeRanking("auditor");
    assert.ok(scoped.length > 0 && scoped.length < all.length);
    assert.ok(scoped.every((r) => r.projects === 1));
    const names = new Set<string>();
    let cursor = "";
    for (;;) {
      const res = await call(
        "auditor",
        "GET",
        `/api/v1/projects/web%2Ffrontend/components?limit=1000${cursor}`,
      );
      const page = res.json() as { items: { name: string }[]; nextCursor: string | null };
      for (const c of page.items) names.add(c.name);
      if (!page.nextCursor) break;
      cursor = `&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    assert.ok(
      scoped.every((r) => names.has(r.name)),
      "only the frontend's packages",
    );
    const axios = scoped.find((r) => r.name === banned)!;
    assert.equal(axios.openVulnerabilities, all.find((r) => r.name === banned)!.openVulnerabilities);
  });

  test("CSV: the whole ranking, with a header, RFC 4180 quoting and no formula", async () => {
    const res = await call("auditor", "GET", "/api/v1/components/ranking?format=csv");
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^text\/csv/);
    assert.match(String(res.headers["content-disposition"]), /attachment/);
    const lines = res.body.split("\r\n").filter(Boolean);
    assert.equal(
      lines[0],
      "rank,ecosystem,name,purl,projects,directProjects,transitiveProjects,openVulnerabilities,openFindings,kev,criticality,riskScore,score",
    );
    const all = await wholeRanking("auditor");
    assert.equal(lines.length - 1, all.length);
    assert.ok(lines[1]!.startsWith(`1,${all[0]!.ecosystem},${all[0]!.name},`));
    for (const line of lines.slice(1)) assert.ok(!/(^|,)[=+\-@]/.test(line), line);
    const limited = await call("team-web", "GET", "/api/v1/components/ranking?format=csv&limit=5");
    assert.equal(limited.body.split("\r\n").filter(Boolean).length, 6);
  });
});

describe("POST /api/v1/risk", () => {
  test("a real `bulwark risk` report is linked to its package and ranks it; roles and validation", async () => {
    const report = JSON.parse(
      JSON.stringify(
        await assessRisk({ path: corpusPath("projects", "sigstore-js"), now: new Date("2026-01-01") }),
      ),
    );
    const url =
      "/api/v1/risk?purl=pkg:npm/%40sigstore/bundle&repository=https://github.com/sigstore/sigstore-js";
    assert.equal((await call("auditor", "POST", url, report)).statusCode, 403);
    const bad = await call("ci", "POST", url, { ...report, score: 11 });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /score/);
    assert.equal((await call("ci", "POST", "/api/v1/risk?purl=nonsense", report)).statusCode, 400);
    const before = (await wholeRanking("auditor")).find((r) => r.purl === "pkg:npm/%40sigstore/bundle")!;
    assert.equal(before.riskScore, undefined);
    // a scoped write key may post: a result describes a component, not a project
    const res = await call("team-web-ci", "POST", url, report);
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.score, report.score);
    assert.deepEqual(body.package, {
      ecosystem: "npm",
      name: "@sigstore/bundle",
      purl: "pkg:npm/%40sigstore/bundle",
    });
    assert.equal(body.repository, "https://github.com/sigstore/sigstore-js");
    const after = (await wholeRanking("auditor")).find((r) => r.purl === "pkg:npm/%40sigstore/bundle")!;
    assert.equal(after.riskScore, report.score);
    assert.ok(after.score > before.score, "a weak risk score raises the rank");
    const audit = (await call("admin", "GET", "/api/v1/audit?action=risk.upload")).json();
    assert.equal(audit.items[0].target, "pkg:npm/%40sigstore/bundle");
    assert.equal(audit.items[0].keyName, "team-web-ci");
  });
});

describe("GET /api/v1/projects/{name}/violations", () => {
  test("the policy is evaluated on upload: violations stored, counted, and announced once", async () => {
    const res = await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend/violations?limit=1000");
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.policy, true);
    const bannedOnes = body.items.filter((v: { rule: string }) => v.rule === "banned");
    assert.equal(bannedOnes.length, 1);
    assert.equal(bannedOnes[0].level, "warn");
    assert.match(bannedOnes[0].subject.purl, new RegExp(`^pkg:npm/${banned}@`));
    const high = body.items.filter((v: { rule: string }) => v.rule === "high and critical");
    const findings = (
      await call("auditor", "GET", "/api/v1/projects/web%2Ffrontend/findings?state=open&limit=1000")
    ).json().items as { severity: { rating: string } }[];
    assert.equal(
      high.length,
      findings.filter((f) => ["high", "critical"].includes(f.severity.rating)).length,
    );
    assert.deepEqual(body.counts, { fail: high.length, warn: 1, info: 0 });
    const events = await store.events.read({ after: 0, types: ["policy.violation"], limit: 100 });
    const mine = events.filter(
      (e) => (e.payload as { project: { name: string } }).project.name === "web/frontend",
    );
    assert.equal(mine.length, 1);
    const payload = mine[0]!.payload as {
      project: { name: string; tags: string[] };
      violations: { rule: string; level: string; package?: { purl?: string } }[];
    };
    assert.deepEqual(payload.project, { name: "web/frontend", tags: [] });
    assert.ok(
      payload.violations.some(
        (v) => v.rule === "banned" && v.level === "warn" && v.package?.purl?.includes(banned),
      ),
    );
  });

  test("a scoped key sees only its projects' violations; the same upload again adds none", async () => {
    assert.equal(
      (await call("team-web", "GET", "/api/v1/projects/infra%2Fsigstore/violations")).statusCode,
      404,
    );
    assert.equal(
      (await call("team-web", "GET", "/api/v1/projects/web%2Ffrontend/violations")).statusCode,
      200,
    );
    const frontend = await inventory([corpusPath("projects", "dependency-track-frontend")]);
    const before = (await store.events.read({ after: 0, types: ["policy.violation"], limit: 100 })).length;
    const res = await app.inject({
      method: "POST",
      url: "/api/v1/projects/web%2Ffrontend/uploads",
      headers: { authorization: `Bearer ${keys.ci}`, "content-type": "application/json" },
      payload: JSON.stringify(inventoryToJson(frontend)),
    });
    assert.equal(res.statusCode, 201);
    assert.equal(
      (await store.events.read({ after: 0, types: ["policy.violation"], limit: 100 })).length,
      before,
    );
  });
});
