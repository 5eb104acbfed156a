import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { portfolioLocation, redactDatabaseUrl } from "./location.js";

test("a postgres URL selects PostgreSQL; otherwise the SQLite file in the data folder", () => {
  assert.deepEqual(portfolioLocation({ dataDir: "/var/lib/bulwark" }), {
    kind: "sqlite",
    path: join("/var/lib/bulwark", "portfolio.db"),
  });
  assert.deepEqual(portfolioLocation({ dataDir: "/d", database: "postgresql://h/db" }), {
    kind: "postgres",
    url: "postgresql://h/db",
  });
  assert.throws(
    () => portfolioLocation({ dataDir: "/d", database: "mysql://u:pw@h/db" }),
    (error: Error) => {
      assert.equal((error as { code?: string }).code, "USAGE");
      assert.doesNotMatch(error.message, /pw/);
      return true;
    },
  );
});

test("passwords never reach messages", () => {
  assert.equal(
    redactDatabaseUrl("postgres://app:hunter2@db:5432/bulwark"),
    "postgres://app:***@db:5432/bulwark",
  );
  assert.equal(
    redactDatabaseUrl("postgres://db/bulwark?user=app&password=hunter2"),
    "postgres://db/bulwark?user=app&password=***",
  );
  assert.equal(redactDatabaseUrl("postgres://app@db/bulwark"), "postgres://app@db/bulwark");
});
