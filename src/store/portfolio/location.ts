import { join } from "node:path";
import { invalidInput } from "./errors.js";
import type { StoreKind } from "./ports.js";

/** Where the portfolio lives: a SQLite file, or a PostgreSQL database URL. */
export type PortfolioLocation = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

/** File name of the embedded portfolio database inside the server's data folder. */
export const PORTFOLIO_FILE_NAME = "portfolio.db";

/**
 * Chooses the store: a `postgres://` (or `postgresql://`) URL when one is given, else the SQLite file in the
 * data folder. The caller reads flags and the environment; this takes their values.
 */
export function portfolioLocation(options: { database?: string; dataDir: string }): PortfolioLocation {
  const database = options.database?.trim();
  if (database) {
    if (!/^postgres(ql)?:\/\//i.test(database)) {
      throw invalidInput(
        `the portfolio database must be a postgres:// URL, not ${redactDatabaseUrl(database)}`,
        {
          database: redactDatabaseUrl(database),
        },
      );
    }
    return { kind: "postgres", url: database };
  }
  return { kind: "sqlite", path: join(options.dataDir, PORTFOLIO_FILE_NAME) };
}

/** The URL without its password (user-info and `password=` parameter), for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***");
    return parsed.toString();
  } catch {
    // Not a URL: keep only what cannot hold a secret.
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}

/** How a location is named in messages: the path, or the redacted URL. */
export function describeLocation(location: PortfolioLocation): { kind: StoreKind; text: string } {
  return location.kind === "sqlite"
    ? { kind: "sqlite", text: location.path }
    : { kind: "postgres", text: redactDatabaseUrl(location.url) };
}
