import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";
import type { ImportReport } from "./import.js";

/** A problem with advisory data or the advisory database (code ADVISORY_DB_UNUSABLE unless given another). */
export class AdvisoryError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("ADVISORY_DB_UNUSABLE", message, options);
  }
}

/** There is no advisory database at the resolved location, or it holds no records yet. */
export class DatabaseMissingError extends AdvisoryError {
  readonly path: string;
  constructor(path: string, reason: "missing" | "empty" = "missing") {
    super(
      reason === "missing"
        ? `no advisory database at ${path}`
        : `the advisory database at ${path} holds no advisories`,
      {
        code: "ADVISORY_DB_MISSING",
        details: { path, reason },
      },
    );
    this.path = path;
  }
}

/**
 * One import source cannot be used at all (missing file, unsafe zip, refused URL, HTTP failure). The whole
 * import is abandoned and the database keeps its previous content.
 */
export class ImportSourceError extends AdvisoryError {
  readonly source: string;
  readonly reason: string;
  constructor(source: string, reason: string, options: BulwarkErrorOptions = {}) {
    super(`cannot import ${source}: ${reason}`, {
      code: "IMPORT_FAILED",
      ...options,
      details: { source, ...options.details },
      hint: options.hint ?? "nothing was changed in the database; fix or remove this source and run again",
    });
    this.source = source;
    this.reason = reason;
  }

  /**
   * The same failure, found after part of a big import was already written (see ReadOptions.writeBatchBytes):
   * the hint says what was kept instead of "nothing was changed".
   */
  afterWrites(written: number): ImportSourceError {
    return new ImportSourceError(this.source, this.reason, {
      code: this.code,
      details: { ...this.details, recordsWritten: written },
      hint: `the ${written} records read before this point were written and stay (each complete and valid); fix or remove this source and run again`,
      cause: this,
    });
  }
}

/**
 * An import in which no record was valid (every file unreadable or rejected): nothing was written. `report`
 * holds what was found, with the reason for each rejected file or record.
 */
export class ImportEmptyError extends AdvisoryError {
  readonly report: ImportReport;
  constructor(report: ImportReport) {
    const n = report.invalid.length;
    super(
      n === 0
        ? "the import found no OSV record"
        : `the import found no valid OSV record (${n} invalid file${n === 1 ? "" : "s"} or record${n === 1 ? "" : "s"})`,
      {
        code: "IMPORT_EMPTY",
        details: { invalid: n, ignoredFiles: report.ignoredFiles },
        hint: "check the reasons listed for each file; OSV records are .json or .yaml files, directories or zip archives of them",
      },
    );
    this.report = report;
  }
}
