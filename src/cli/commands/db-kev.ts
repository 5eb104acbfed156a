import type { Command } from "commander";
import type { ExploitDataStore, FetchBytes } from "../../prioritise/index.js";
import type { CliContext } from "../context.js";
import { emit, parseFormat } from "../io.js";

/** Where the advisory database is: `db` (`--db`, else BULWARK_DB: `flag ?? ctx.settings.db`), else the user data folder. */
export async function advisoryDatabasePath(db: string | undefined): Promise<string> {
  const { resolveDatabasePath } = await import("../../advisories/database-path.js");
  return resolveDatabasePath({ db });
}

/** Downloads for `import-kev URL` / `import-epss URL`, through the one outbound-request policy (public https). */
async function cliFetchBytes(): Promise<FetchBytes> {
  const { createHttpClient } = await import("../../net/index.js");
  const client = createHttpClient();
  return (url, init) => client.fetchBytes(url, { ...(init?.maxBytes ? { maxBytes: init.maxBytes } : {}) });
}

async function withStore<T>(
  db: string | undefined,
  work: (store: ExploitDataStore, path: string) => Promise<T>,
) {
  const { openSqliteExploitStore } = await import("../../prioritise/index.js");
  const path = await advisoryDatabasePath(db);
  const store = await openSqliteExploitStore(path, "write");
  try {
    return await work(store, path);
  } finally {
    await store.close();
  }
}

/** `bulwark db import-kev` and `bulwark db import-epss`: exploitation data kept beside the advisories. */
export function register(db: Command, ctx: CliContext): void {
  db.command("import-kev")
    .description("Import CISA's Known Exploited Vulnerabilities catalogue (replaces the one imported before)")
    .argument("<source>", "known_exploited_vulnerabilities.json, as a file or an http(s) URL")
    .option("--db <path>", "advisory database (default: $BULWARK_DB or the user data directory)")
    .option("--format <format>", "text or json", "text")
    .addHelpText(
      "after",
      `
Examples:
  bulwark db import-kev known_exploited_vulnerabilities.json
  bulwark db import-kev https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json`,
    )
    .action(async (source: string, flags: { db?: string; format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { importKev } = await import("../../prioritise/index.js");
      const fetchBytes = await cliFetchBytes();
      await withStore(flags.db ?? ctx.settings.db, async (store, path) => {
        const report = await importKev(store, source, { fetchBytes, now: new Date() });
        if (format === "json") emit(JSON.stringify({ database: path, ...report }, null, 2));
        else
          emit(
            `${path}: KEV catalogue ${report.catalogVersion} (released ${report.dateReleased.slice(0, 10)}): ${report.entries} entries` +
              (report.previous ? ` (replaced ${report.previous})` : ""),
          );
      });
    });

  db.command("import-epss")
    .description("Import one day's EPSS scores from FIRST (replaces the scores imported before)")
    .argument("<source>", "epss_scores-YYYY-MM-DD.csv(.gz), as a file or an http(s) URL")
    .option("--db <path>", "advisory database (default: $BULWARK_DB or the user data directory)")
    .option("--format <format>", "text or json", "text")
    .addHelpText(
      "after",
      `
Examples:
  bulwark db import-epss epss_scores-2026-01-05.csv.gz`,
    )
    .action(async (source: string, flags: { db?: string; format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { importEpss } = await import("../../prioritise/index.js");
      const fetchBytes = await cliFetchBytes();
      await withStore(flags.db ?? ctx.settings.db, async (store, path) => {
        const report = await importEpss(store, source, { fetchBytes, now: new Date() });
        if (format === "json") emit(JSON.stringify({ database: path, ...report }, null, 2));
        else
          emit(
            `${path}: EPSS scores of ${report.scoreDate.slice(0, 10)} (model ${report.modelVersion}): ${report.scores} CVEs` +
              (report.previous ? ` (replaced those of ${report.previous.slice(0, 10)})` : ""),
          );
      });
    });
}
