import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { inventory, inventoryToJson } from "../../inventory/index.js";
import { hashApiKey } from "../../store/portfolio/api-key-hash.js";
import { openPortfolioStore, type PortfolioStore } from "../../store/portfolio/index.js";
import { corpusPath } from "../../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../../testing/corpus-advisories.js";
import type { App } from "../app.js";
import { newApiKey } from "../key-authenticator.js";
import { buildServer } from "../server.js";
import { memorySessionSecrets, type SessionSecrets } from "../session.js";

// Sign-in through the real server on a real store: the cookie's attributes, who-am-I, CSRF on changes made
// with a session, sessions shared by instances with one secret, expiry, revocation, sign-out, throttling.

let dir: string;
let advisories: CorpusAdvisories;
let store: PortfolioStore;
let app: App;
let now = Date.parse("2026-03-01T10:00:00.000Z");
const clock = () => new Date(now);
const secrets = memorySessionSecrets();
const keys: Record<string, { secret: string; id: number }> = {};
const apps: App[] = [];

async function server(
  options: { secrets?: SessionSecrets | "stored"; behindProxy?: boolean } = {},
): Promise<App> {
  const built = await buildServer({
    store,
    advisories: { reader: advisories.reader, location: advisories.path },
    clock,
    webRoot: false,
    // "stored": the server's default, the secret kept in the store
    sessions:
      options.secrets === "stored"
        ? { ttlMs: 3600_000 }
        : { secrets: options.secrets ?? secrets, ttlMs: 3600_000 },
    ...(options.behindProxy ? { behindProxy: true } : {}),
  });
  apps.push(built.app);
  return built.app;
}

async function addKey(name: string, role: "admin" | "write" | "read", projects: string[] = []) {
  const secret = newApiKey();
  const key = await store.apiKeys.create({
    name,
    role,
    projectPatterns: projects,
    hash: hashApiKey(secret),
    createdAt: clock().toISOString(),
  });
  keys[name] = { secret, id: key.id };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bulwark-session-"));
  advisories = await buildCorpusDatabase(["npm-ghsa"]);
  store = await openPortfolioStore({ kind: "sqlite", path: join(dir, "portfolio.db") });
  app = await server();
  await addKey("admin", "admin");
  await addKey("ci", "write");
  await addKey("auditor", "read");
  await addKey("team-web", "read", ["web/*"]);
  const frontend = JSON.stringify(
    inventoryToJson(await inventory([corpusPath("projects", "dependency-track-frontend")])),
  );
  for (const project of ["web/frontend", "payments/api"]) {
    const up = await app.inject({
      method: "POST",
      url: `/api/v1/projects/${encodeURIComponent(project)}/uploads`,
      headers: { authorization: `Bearer ${keys.ci!.secret}`, "content-type": "application/json" },
      payload: frontend,
    });
    assert.equal(up.statusCode, 201, up.body);
  }
});
after(async () => {
  for (const a of apps) await a.close();
  await store?.close();
  await advisories?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** Signs in with a key; the cookie to send back and the answer. */
async function signIn(name: string, on = app, headers: Record<string, string> = {}) {
  const response = await on.inject({
    method: "POST",
    url: "/api/v1/session",
    headers,
    payload: { key: keys[name]!.secret },
  });
  assert.equal(response.statusCode, 200, response.body);
  const setCookie = String(response.headers["set-cookie"]);
  const cookie = /^(bulwark_session=[^;]+)/.exec(setCookie)?.[1];
  assert.ok(cookie, setCookie);
  return { cookie, setCookie, body: response.json() };
}

describe("signing in", () => {
  test("a key becomes an HttpOnly, SameSite=Strict session cookie; the answer names the key and a CSRF token", async () => {
    const { setCookie, body } = await signIn("ci");
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Strict/);
    assert.match(setCookie, /; Path=\//);
    assert.match(setCookie, /; Max-Age=3600/);
    assert.doesNotMatch(setCookie, /Secure/, "plain HTTP, no proxy: not Secure");
    assert.equal(body.name, "ci");
    assert.equal(body.role, "write");
    assert.equal(body.via, "session");
    assert.equal(body.expiresAt, new Date(now + 3600_000).toISOString());
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    const audit = await store.audit.list({ action: "session.create" });
    assert.equal(audit.items[0]?.keyName, "ci");
  });

  test("Secure behind a TLS proxy only when the server is told it is behind one", async () => {
    const proxied = await server({ behindProxy: true });
    const https = { "x-forwarded-proto": "https" };
    assert.match((await signIn("ci", proxied, https)).setCookie, /; Secure/);
    assert.doesNotMatch((await signIn("ci", proxied, { "x-forwarded-proto": "http" })).setCookie, /Secure/);
    assert.doesNotMatch((await signIn("ci", app, https)).setCookie, /Secure/, "a client cannot claim TLS");
  });

  test("who am I: the session's key with its CSRF token; a bearer key without one; nobody is 204", async () => {
    const { cookie, body } = await signIn("team-web");
    const me = await app.inject({ url: "/api/v1/session", headers: { cookie } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), body);
    assert.deepEqual(me.json().projects, ["web/*"]);
    assert.equal(me.headers["cache-control"], "no-store");
    const bearer = await app.inject({
      url: "/api/v1/session",
      headers: { authorization: `Bearer ${keys.auditor!.secret}` },
    });
    assert.deepEqual(bearer.json(), { name: "auditor", role: "read", projects: [], via: "key" });
    assert.equal((await app.inject({ url: "/api/v1/session" })).statusCode, 204);
  });

  test("a wrong key is a 401, and repeated failures from one address are slowed down", async () => {
    const wrong = { key: `bwk_${"A".repeat(43)}` };
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await app.inject({ method: "POST", url: "/api/v1/session", payload: wrong });
      times.push(performance.now() - t0);
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, "UNAUTHENTICATED");
      assert.equal(r.headers["set-cookie"], undefined);
    }
    assert.ok(times[0]! < 90, `first failure answered at once (${times[0]} ms)`);
    assert.ok(times[1]! >= 95, `second failure delayed (${times[1]} ms)`);
    assert.ok(times[2]! >= 195, `third failure delayed more (${times[2]} ms)`);
    await signIn("auditor"); // a success clears the address's record
    const t0 = performance.now();
    await app.inject({ method: "POST", url: "/api/v1/session", payload: wrong });
    assert.ok(performance.now() - t0 < 90);
    const missing = await app.inject({ method: "POST", url: "/api/v1/session", payload: {} });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().detail, /key/);
  });
});

describe("using a session", () => {
  test("the session carries the key's role and scope", async () => {
    const scoped = await signIn("team-web");
    const list = await app.inject({ url: "/api/v1/projects", headers: { cookie: scoped.cookie } });
    assert.deepEqual(
      list.json().items.map((p: { name: string }) => p.name),
      ["web/frontend"],
    );
    const hidden = await app.inject({
      url: "/api/v1/projects/payments%2Fapi",
      headers: { cookie: scoped.cookie },
    });
    assert.equal(hidden.statusCode, 404);
    const reader = await signIn("auditor");
    const change = await app.inject({
      method: "PATCH",
      url: "/api/v1/projects/web%2Ffrontend",
      headers: { cookie: reader.cookie, "x-csrf-token": reader.body.csrfToken },
      payload: { description: "x" },
    });
    assert.equal(change.statusCode, 403);
    assert.equal(change.json().details.needs, "write");
  });

  test("a change made with a session needs its CSRF token; a bearer key needs none", async () => {
    const { cookie, body } = await signIn("ci");
    const other = await signIn("ci");
    const patch = (headers: Record<string, string>) =>
      app.inject({
        method: "PATCH",
        url: "/api/v1/projects/web%2Ffrontend",
        headers,
        payload: { description: "the dashboard's own project" },
      });
    const attempts: Record<string, string>[] = [
      { cookie },
      { cookie, "x-csrf-token": "nope" },
      { cookie, "x-csrf-token": other.body.csrfToken },
    ];
    for (const headers of attempts) {
      const refused = await patch(headers);
      assert.equal(refused.statusCode, 403, JSON.stringify(headers));
      assert.equal(refused.json().code, "FORBIDDEN");
      assert.equal(refused.json().details.reason, "csrf");
    }
    assert.equal((await patch({ cookie, "x-csrf-token": body.csrfToken })).statusCode, 200);
    assert.equal((await patch({ authorization: `Bearer ${keys.ci!.secret}` })).statusCode, 200);
    // reading needs no token
    assert.equal((await app.inject({ url: "/api/v1/projects", headers: { cookie } })).statusCode, 200);
  });

  test("another instance with the same secret accepts the session; one with another secret does not", async () => {
    const { cookie } = await signIn("auditor");
    const twin = await server({ secrets });
    assert.equal((await twin.inject({ url: "/api/v1/projects", headers: { cookie } })).statusCode, 200);
    const stranger = await server({ secrets: memorySessionSecrets() });
    const refused = await stranger.inject({ url: "/api/v1/projects", headers: { cookie } });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().details.reason, "session");
    assert.equal((await stranger.inject({ url: "/api/v1/session", headers: { cookie } })).statusCode, 204);
  });

  test("by default the secret lives in the store: a restarted server, or another instance, keeps the session", async () => {
    const first = await server({ secrets: "stored" });
    const { cookie } = await signIn("auditor", first);
    await first.close();
    const restarted = await server({ secrets: "stored" });
    assert.equal((await restarted.inject({ url: "/api/v1/projects", headers: { cookie } })).statusCode, 200);
    // the in-memory secret of the other servers in this file is another one
    assert.equal((await app.inject({ url: "/api/v1/projects", headers: { cookie } })).statusCode, 401);
    const stored = await store.settings.getOrCreate("session-secret", () => "not used");
    assert.equal(Buffer.from(stored, "base64url").length, 32);
  });

  test("a session ends when it expires, when its key is revoked, and when it is tampered with", async () => {
    const { cookie } = await signIn("auditor");
    const get = (c: string) => app.inject({ url: "/api/v1/projects", headers: { cookie: c } });
    now += 3600_000 - 1000;
    assert.equal((await get(cookie)).statusCode, 200);
    now += 1000;
    assert.equal((await get(cookie)).statusCode, 401, "expired");
    const fresh = await signIn("auditor");
    const [name, value] = fresh.cookie.split("=") as [string, string];
    const tampered = `${name}=${value.replace(/^\d+/, String(keys.admin!.id))}`;
    assert.equal((await get(tampered)).statusCode, 401, "another key id");
    await addKey("temp", "read");
    const temp = await signIn("temp");
    assert.equal((await get(temp.cookie)).statusCode, 200);
    await store.apiKeys.revoke(keys.temp!.id, clock().toISOString());
    assert.equal((await get(temp.cookie)).statusCode, 401, "revoked key");
  });

  test("signing out clears the cookie", async () => {
    const { cookie, body } = await signIn("auditor");
    const out = await app.inject({
      method: "DELETE",
      url: "/api/v1/session",
      headers: { cookie, "x-csrf-token": body.csrfToken },
    });
    assert.equal(out.statusCode, 204);
    const cleared = String(out.headers["set-cookie"]);
    assert.match(cleared, /^bulwark_session=;/);
    assert.match(cleared, /Max-Age=0/);
    assert.match(cleared, /HttpOnly/);
  });
});
