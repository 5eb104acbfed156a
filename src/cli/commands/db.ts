import type { Command } from "commander";
import { collect, emit, parseFormat } from "../io.js";

const DB_OPTION = [
  "--db <path>",
  "advisory database (default: $BULWARK_DB or the user data directory)",
] as const;

/** `bulwark db`: the local advisory database (import, update, status). */
export function register(program: Command): void {
  const db = program.command("db").description("Manage the local advisory database (OSV records)");

  db.command("import")
    .description("Import OSV records from files, directories, zip archives (osv.dev all.zip) or http(s) URLs")
    .argument("<sources...>", "OSV .json/.yaml files, directories, .zip archives, http(s) URLs")
    .option(...DB_OPTION)
    .option("--format <format>", "text or json", "text")
    .addHelpText(
      "after",
      `
Examples:
  bulwark db import ./advisories/               # every .json/.yaml below, recursively
  bulwark db import PyPI-all.zip GHSA-xxxx.json
  bulwark db import https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip`,
    )
    .action(async (sources: string[], flags: { db?: string; format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { openSqliteAdvisoryDatabase } = await import("../../advisories/database.js");
      const { importAdvisories } = await import("../../advisories/import.js");
      const { createProgressBar } = await import("../../advisories/progress-bar.js");
      const database = openSqliteAdvisoryDatabase({ db: flags.db, create: true });
      const bar = createProgressBar();
      try {
        const report = await importAdvisories(database, sources, {
          onDownload: (done, total) => bar.update("downloading", done, total),
        });
        bar.done();
        if (format === "json") emit(JSON.stringify({ database: database.path, ...report }, null, 2));
        else {
          for (const bad of report.invalid) process.stderr.write(`invalid: ${bad.file}: ${bad.reason}\n`);
          emit(
            `${database.path}: imported ${report.imported}, replaced ${report.replaced}, skipped ${report.skipped} (not newer), invalid ${report.invalid.length}` +
              (report.ignoredFiles ? `, ignored ${report.ignoredFiles} non-OSV files` : ""),
          );
        }
      } finally {
        bar.done();
        database.close();
      }
    });

  db.command("update")
    .description("Download or refresh advisories from osv.dev's exports (incremental where possible)")
    .option(
      "--ecosystem <ecosystem>",
      "ecosystem to download (repeatable; default: those already present)",
      collect,
    )
    .option(
      "--base-url <url>",
      "mirror of https://osv-vulnerabilities.storage.googleapis.com ($BULWARK_OSV_BASE_URL)",
    )
    .option(...DB_OPTION)
    .option("--format <format>", "text or json", "text")
    .addHelpText(
      "after",
      `
Examples:
  bulwark db update --ecosystem PyPI --ecosystem npm   # first download
  bulwark db update                                    # refresh what is there`,
    )
    .action(async (flags: { ecosystem?: string[]; baseUrl?: string; db?: string; format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { openSqliteAdvisoryDatabase } = await import("../../advisories/database.js");
      const { updateAdvisories } = await import("../../advisories/update.js");
      const { createProgressBar } = await import("../../advisories/progress-bar.js");
      const database = openSqliteAdvisoryDatabase({ db: flags.db, create: true });
      const bar = createProgressBar();
      try {
        const report = await updateAdvisories(database, {
          ecosystems: flags.ecosystem,
          baseUrl: flags.baseUrl,
          onProgress: (ecosystem, phase, done, total) =>
            bar.update(`${ecosystem} ${phase === "zip" ? "all.zip" : "records"}`, done, total),
        });
        bar.done();
        if (format === "json") emit(JSON.stringify({ database: database.path, ...report }, null, 2));
        else {
          for (const bad of report.invalid) process.stderr.write(`invalid: ${bad.file}: ${bad.reason}\n`);
          const lines = report.ecosystems.map(
            (e) => `  ${e.ecosystem}: ${e.mode}, ${e.records} records read`,
          );
          emit(
            `${database.path}: imported ${report.imported}, replaced ${report.replaced}, skipped ${report.skipped}, invalid ${report.invalid.length}\n${lines.join("\n")}`,
          );
        }
      } finally {
        bar.done();
        database.close();
      }
    });

  db.command("status")
    .description("Show what the advisory database holds: records per ecosystem, last update, location, size")
    .option(...DB_OPTION)
    .option("--format <format>", "text or json", "text")
    .action(async (flags: { db?: string; format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { openAdvisoryDatabase } = await import("../../advisories/database.js");
      const database = openAdvisoryDatabase({ db: flags.db });
      try {
        const status = database.status();
        if (format === "json") {
          emit(JSON.stringify(status, null, 2));
          return;
        }
        const width = Math.max(9, ...status.ecosystems.map((e) => e.ecosystem.length));
        const rows = status.ecosystems.map(
          (e) => `  ${e.ecosystem.padEnd(width)}  ${String(e.records).padStart(7)}  ${e.lastUpdate ?? "-"}`,
        );
        emit(
          [
            `database: ${status.path} (${(status.sizeBytes / 1024 / 1024).toFixed(1)} MiB)`,
            `records:  ${status.records} (${status.withdrawn} withdrawn)`,
            `  ${"ECOSYSTEM".padEnd(width)}  ${"RECORDS".padStart(7)}  LAST UPDATE`,
            ...rows,
          ].join("\n"),
        );
      } finally {
        database.close();
      }
    });
}
