import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { inventory, inventoryToJson } from "../inventory/index.js";
import { hashApiKey } from "../store/portfolio/api-key-hash.js";
import { openPortfolioStore, type PortfolioStore } from "../store/portfolio/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import type { App } from "./app.js";
import { newApiKey } from "./key-authenticator.js";
import { buildServer } from "./server.js";

// The answer cache of cacheable GET routes: answers are reused only while the store is unchanged — whoever
// wrote (this server, or another connection to the same database, as a second instance would) — and never
// across project scopes.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-answer-cache-"));
const path = join(tmp, "portfolio.db");
let advisories: CorpusAdvisories;
let store: PortfolioStore;
let app: App;
let counted = 0;
const keys: Record<string, string> = {};

before(async () => {
  advisories = await buildCorpusDatabase();
  store = await openPortfolioStore({ kind: "sqlite", path });
  // counts the store's reads of project pages: a kept answer reads none
  const list = store.projects.list.bind(store.projects);
  store.projects.list = (query) => {
    counted++;
    return list(query);
  };
  ({ app } = await buildServer({
    store,
    advisories: { reader: advisories.reader, location: advisories.path },
  }));
  for (const [name, projects] of [
    ["admin", []],
    ["web", ["web/*"]],
  ] as const) {
    keys[name] = newApiKey();
    await store.apiKeys.create({
      name,
      role: "admin",
      projectPatterns: [...projects],
      hash: hashApiKey(keys[name]!),
      createdAt: new Date().toISOString(),
    });
  }
  const body = JSON.stringify(inventoryToJson(await inventory([corpusPath("projects", "sigstore-js")])));
  for (const name of ["web/shop", "payments/api"]) {
    const r = await app.inject({
      method: "POST",
      url: `/api/v1/projects/${encodeURIComponent(name)}/uploads`,
      headers: { authorization: `Bearer ${keys.admin}`, "content-type": "application/json" },
      payload: body,
    });
    assert.equal(r.statusCode, 201, r.body);
  }
});
after(async () => {
  await app?.close();
  await store?.close();
  advisories?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

const names = async (key: string) => {
  const r = await app.inject({
    method: "GET",
    url: "/api/v1/projects",
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers["content-type"]), /^application\/json/);
  return (r.json() as { items: { name: string; description?: string }[] }).items;
};

/** A write through the API: web/shop's description. */
const describeShop = async (description: string) => {
  const patch = await app.inject({
    method: "PATCH",
    url: `/api/v1/projects/${encodeURIComponent("web/shop")}`,
    headers: { authorization: `Bearer ${keys.admin}` },
    payload: { description },
  });
  assert.equal(patch.statusCode, 200, patch.body);
};

test("a repeated GET is answered from the cache until the store changes", async () => {
  const first = await names(keys.admin!);
  const reads = counted;
  assert.deepEqual(await names(keys.admin!), first);
  assert.equal(counted, reads, "the second answer was kept, not read again");

  await describeShop("the shop");
  const after = await names(keys.admin!);
  assert.equal(counted, reads + 1, "a write makes the next answer read the store");
  assert.equal(after.find((p) => p.name === "web/shop")?.description, "the shop");
});

test("after a write, concurrent requests for one page read the store once and get the same answer", async () => {
  await describeShop("the shop, again");
  const reads = counted;
  const answers = await Promise.all(Array.from({ length: 20 }, () => names(keys.admin!)));
  assert.equal(counted, reads + 1);
  for (const answer of answers) assert.deepEqual(answer, answers[0]);
  assert.equal(answers[0]!.find((p) => p.name === "web/shop")?.description, "the shop, again");
});

test("a write through another connection to the same database (another instance) is seen at once", async () => {
  await names(keys.admin!);
  const other = await openPortfolioStore({ kind: "sqlite", path });
  try {
    const project = await other.projects.get("payments/api");
    await other.projects.update(project!.id, { description: "from elsewhere", at: new Date().toISOString() });
  } finally {
    await other.close();
  }
  const seen = await names(keys.admin!);
  assert.equal(seen.find((p) => p.name === "payments/api")?.description, "from elsewhere");
});

test("answers are kept per project scope: a scoped key never gets another scope's answer", async () => {
  assert.deepEqual(
    (await names(keys.admin!)).map((p) => p.name),
    ["payments/api", "web/shop"],
  );
  assert.deepEqual(
    (await names(keys.web!)).map((p) => p.name),
    ["web/shop"],
  );
});
