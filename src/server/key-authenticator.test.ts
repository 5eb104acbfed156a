import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { FastifyRequest } from "fastify";
import { hashApiKey } from "../store/portfolio/api-key-hash.js";
import { openPortfolioStore } from "../store/portfolio/index.js";
import { requestMarks } from "./change-marks.js";
import { keyAuthenticator, newApiKey } from "./key-authenticator.js";

// Keys resolved through the store's change mark: a busy key is read once, and a revocation — a write by
// anyone, here a second connection as another instance would be — is seen by the next request.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-key-authenticator-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("a key read is kept until the store changes; a revocation by another connection is seen at once", async () => {
  const path = join(tmp, "portfolio.db");
  const store = await openPortfolioStore({ kind: "sqlite", path });
  const other = await openPortfolioStore({ kind: "sqlite", path });
  try {
    const secret = newApiKey();
    const { id } = await other.apiKeys.create({
      name: "ci",
      role: "read",
      projectPatterns: [],
      hash: hashApiKey(secret),
      createdAt: new Date().toISOString(),
    });
    let reads = 0;
    const byHash = store.apiKeys.byHash.bind(store.apiKeys);
    store.apiKeys.byHash = (hash) => {
      reads++;
      return byHash(hash);
    };
    const keys = keyAuthenticator(
      store.apiKeys,
      () => new Date(),
      requestMarks(() => store.changeMark()),
    );
    const authenticate = () => keys.authenticate(secret, {} as FastifyRequest);
    assert.equal((await authenticate())?.name, "ci");
    assert.equal((await authenticate())?.name, "ci");
    // the first request read the key and recorded its use (a write); the second read it again under the new
    // mark; from then on the store is unchanged and the key is not read
    for (let i = 0; i < 5; i++) assert.equal((await authenticate())?.role, "read");
    assert.equal(reads, 2);
    assert.equal(await other.apiKeys.revoke(id, new Date().toISOString()), true);
    assert.equal(await authenticate(), undefined, "revoked through the other connection");
    assert.equal(reads, 3);
  } finally {
    await store.close();
    await other.close();
  }
});
