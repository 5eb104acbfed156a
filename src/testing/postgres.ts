import { randomBytes } from "node:crypto";
import { after, before } from "node:test";
import pg from "pg";

// The real PostgreSQL the store and server tests run against. Every test run works in a database of its own
// (bulwark_test_<pid>_<random>), created at start and dropped at the end even when tests fail, so parallel
// runs never share state. There is no skipping: a missing server fails the run and says how to start it.

/** Where the tests find PostgreSQL's maintenance database: `BULWARK_TEST_POSTGRES` or the local default. */
export function postgresAdminUrl(): string {
  return process.env.BULWARK_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

/** What to run when the server is not up (this machine kind runs Debian's PostgreSQL 15 cluster). */
export const POSTGRES_START_COMMAND =
  "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

/** A database created for one test run. */
export interface TestDatabase {
  name: string;
  /** Connection URL of the database. */
  url: string;
  /** Drops it (terminating its connections); safe to call twice. */
  drop(): Promise<void>;
}

function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

async function adminQuery(sql: string): Promise<void> {
  const admin = postgresAdminUrl();
  let client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 30_000 });
  try {
    // One retry: on a loaded machine a connection attempt can time out while the server is fine.
    await client.connect().catch(async () => {
      await client.end().catch(() => {});
      client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 30_000 });
      await client.connect();
    });
  } catch (error) {
    await client.end().catch(() => {});
    const reason = error instanceof Error ? error.message || String(error) : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${withoutPassword(admin)} (${reason}). The portfolio store tests run ` +
        `against a real server: start it with \`${POSTGRES_START_COMMAND}\` (or set BULWARK_TEST_POSTGRES to ` +
        "a server's maintenance database URL).",
      { cause: error },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a name no other run can share: `<prefix>_<pid>_<random>`. */
export async function createTestDatabase(prefix = "bulwark_test"): Promise<TestDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`invalid database name prefix ${prefix}`);
  const name = `${prefix}_${process.pid}_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database "${name}"`);
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}

/**
 * For a node:test file: a database created before its tests and dropped after them (the `after` hook runs
 * when tests fail too). Read `url` inside tests, not at module load.
 */
export function usePostgresTestDatabase(prefix?: string): { readonly url: string } {
  let database: TestDatabase | undefined;
  before(async () => {
    database = await createTestDatabase(prefix);
  });
  after(async () => {
    await database?.drop();
  });
  return {
    get url() {
      if (!database)
        throw new Error("the test database is created in a before() hook: read its url in a test");
      return database.url;
    },
  };
}

/**
 * Empties every table of the database's schema except the migration bookkeeping, and restarts identities:
 * a fresh store for the next test without paying for a new database.
 */
export async function truncateAllTables(
  url: string,
  keep: readonly string[] = ["bulwark_schema_migrations"],
): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    const tables = rows.map((r) => r.name).filter((name) => !keep.includes(name));
    if (tables.length > 0) {
      await client.query(`truncate ${tables.map((t) => `"${t}"`).join(", ")} restart identity cascade`);
    }
  } finally {
    await client.end();
  }
}
