import type { Command } from "commander";
import type { ImportReport } from "../../advisories/import.js";
import { terminalText } from "../../report/terminal-text.js";
import type { CliContext } from "../context.js";
import { collect, emit, parseFormat } from "../io.js";
import { register as registerExploitData } from "./db-kev.js";

const DB_OPTION = [
  "--db <path>",
  "advisory database (default: $BULWARK_DB or the user data directory)",
] as const;

/** `bulwark db`: the local advisory database (import, update, status). */
export function register(program: Command, ctx: CliContext): void {
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
      const { importAdvisories } = await import("../../advisories/import.js");
      const { createProgressBar } = await import("../progress-bar.js");
      const bar = createProgressBar();
      const { ImportEmptyError } = await import("../../advisories/errors.js");
      await withWriter({ db: flags.db, env: ctx.settings.db }, async (writer, path) => {
        const report = await importAdvisories(writer, sources, {
          onDownload: (done, total) => bar.update("downloading", done, total),
        })
          .catch(async (error) => {
            if (error instanceof ImportEmptyError) await printProblems(error.report);
            throw error;
          })
          .finally(() => bar.done());
        await printReport(
          report,
          path,
          format,
          (r, shown) =>
            `${shown}: imported ${r.imported}, replaced ${r.replaced}, skipped ${r.skipped} (not newer), invalid ${r.invalid.length}` +
            (r.ignoredFiles ? `, ignored ${r.ignoredFiles} non-OSV files` : ""),
        );
      });
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
      const { updateAdvisories, OSV_BASE_URL } = await import("../../advisories/update.js");
      const { createProgressBar } = await import("../progress-bar.js");
      const bar = createProgressBar();
      await withWriter({ db: flags.db, env: ctx.settings.db }, async (writer, path) => {
        const report = await updateAdvisories(writer, {
          ecosystems: flags.ecosystem,
          baseUrl: flags.baseUrl || ctx.settings.osvBaseUrl || OSV_BASE_URL,
          onProgress: (ecosystem, phase, done, total) =>
            bar.update(`${ecosystem} ${phase === "zip" ? "all.zip" : "records"}`, done, total),
        }).finally(() => bar.done());
        await printReport(report, path, format, (r, shown) => {
          const lines = report.ecosystems.map(
            (e) => `  ${terminalText(e.ecosystem)}: ${e.mode}, ${e.records} records read`,
          );
          return `${shown}: imported ${r.imported}, replaced ${r.replaced}, skipped ${r.skipped}, invalid ${r.invalid.length}\n${lines.join("\n")}`;
        });
      });
    });

  db.command("status")
    .description(
      "Show what the advisory database holds: records and data age per ecosystem, last update, location, size, integrity",
    )
    .option(...DB_OPTION)
    .option("--format <format>", "text or json", "text")
    .action(async (flags: { db?: string; format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { openAdvisoryDatabase } = await import("../../advisories/database.js");
      const { resolveDatabasePath } = await import("../../advisories/database-path.js");
      const { AdvisoryError } = await import("../../advisories/errors.js");
      const database = await openAdvisoryDatabase({
        path: resolveDatabasePath({ db: flags.db, env: ctx.settings.db }),
      });
      try {
        const status = await database.reader.status();
        const problems = await database.verify();
        if (problems.length > 0)
          throw new AdvisoryError(
            `the advisory database ${database.location} is damaged: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}`,
            { code: "ADVISORY_DB_CORRUPT", details: { path: database.location, problems } },
          );
        if (format === "json") {
          // "path" as before for scripts; "location" is the same for file databases
          emit(JSON.stringify({ path: status.location, ...status, integrity: "ok" }, null, 2));
          return;
        }
        const width = Math.max(9, ...status.ecosystems.map((e) => terminalText(e.ecosystem).length));
        const rows = status.ecosystems.map(
          (e) =>
            `  ${terminalText(e.ecosystem).padEnd(width)}  ${String(e.records).padStart(7)}  ${terminalText(e.newestModified ?? "-").padEnd(24)}  ${e.lastUpdate ?? "-"}`,
        );
        emit(
          [
            `database:  ${terminalText(status.location)} (${((status.sizeBytes ?? 0) / 1024 / 1024).toFixed(1)} MiB)`,
            `records:   ${status.records} (${status.withdrawn} withdrawn)`,
            "integrity: ok",
            `  ${"ECOSYSTEM".padEnd(width)}  ${"RECORDS".padStart(7)}  ${"NEWEST RECORD".padEnd(24)}  LAST UPDATE`,
            ...rows,
          ].join("\n"),
        );
      } finally {
        await database.close();
      }
    });
  registerExploitData(db, ctx);
}

/**
 * Opens the database for writing, runs `work`, and closes it. A database file this command created is
 * removed again when the command fails, so a failed first import leaves nothing behind.
 */
async function withWriter(
  location: { db?: string; env?: string },
  work: (
    writer: NonNullable<Awaited<ReturnType<typeof openWriter>>["writer"]>,
    path: string,
  ) => Promise<void>,
): Promise<void> {
  const { existsSync, rmSync } = await import("node:fs");
  const { resolveDatabasePath } = await import("../../advisories/database-path.js");
  const path = resolveDatabasePath(location);
  const existed = existsSync(path);
  let ok = false;
  const database = await openWriter(path);
  try {
    await work(database.writer!, path);
    ok = true;
  } finally {
    await database.close();
    if (!ok && !existed) for (const file of [path, `${path}-journal`]) rmSync(file, { force: true });
  }
}

async function openWriter(path: string) {
  const { openAdvisoryDatabase } = await import("../../advisories/database.js");
  return openAdvisoryDatabase({ path, mode: "write" });
}

/** Prints an import or update report: problems on standard error, the summary or JSON on standard output. */
async function printReport<R extends ImportReport>(
  report: R,
  path: string,
  format: "text" | "json",
  summary: (report: R, shownPath: string) => string,
): Promise<void> {
  if (format === "json") {
    emit(JSON.stringify({ database: path, ...report }, null, 2));
    return;
  }
  await printProblems(report);
  emit(summary(report, terminalText(path)));
}

/** Every rejected file or record and every warning, one a line on standard error, escaped for the terminal. */
async function printProblems(report: ImportReport): Promise<void> {
  for (const bad of report.invalid)
    process.stderr.write(`invalid: ${terminalText(bad.file)}: ${terminalText(bad.reason)}\n`);
  for (const w of report.warnings)
    process.stderr.write(
      `warning: ${terminalText(w.file)}${w.id ? ` (${terminalText(w.id)})` : ""}: ${terminalText(w.reason)}\n`,
    );
}
