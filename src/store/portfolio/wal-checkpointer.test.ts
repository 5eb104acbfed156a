import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { openPortfolioStore } from "./open.js";
import { CHECKPOINT_EVERY_MS } from "./wal-checkpointer.js";

const tmp = mkdtempSync(join(tmpdir(), "bulwark-wal-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("SQLite: the connection never checkpoints; the worker folds the log into the file; close leaves no log", async () => {
  const path = join(tmp, "portfolio.db");
  const store = await openPortfolioStore({ kind: "sqlite", path });
  try {
    await sleep(CHECKPOINT_EVERY_MS * 3); // the migrations' pages reach the file
    const before = statSync(path).size;
    // a few hundred pages of projects (under SQLite's own 1,000-page checkpoint threshold): in the log at
    // commit, in the file only once the worker has checkpointed
    const at = new Date().toISOString();
    await store.transaction(async (tx) => {
      for (let i = 0; i < 2000; i++) await tx.projects.ensure(`team/${"x".repeat(400)}-${i}`, at);
    });
    let grown = false;
    for (let waited = 0; waited < 20 && !grown; waited++) {
      grown = statSync(path).size > before;
      if (!grown) await sleep(CHECKPOINT_EVERY_MS / 2);
    }
    assert.ok(grown, `the database file should grow from ${before} bytes once the log is checkpointed`);
    assert.equal((await store.projects.count()).count, 2000);
  } finally {
    await store.close();
  }
  assert.equal(existsSync(`${path}-wal`), false, "the last connection to close removes the log");
  const reopened = await openPortfolioStore({ kind: "sqlite", path });
  try {
    assert.equal((await reopened.projects.count()).count, 2000);
  } finally {
    await reopened.close();
  }
});
