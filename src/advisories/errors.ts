import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

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
  constructor(source: string, reason: string, options: BulwarkErrorOptions = {}) {
    super(`cannot import ${source}: ${reason}`, {
      code: "IMPORT_FAILED",
      ...options,
      details: { source, ...options.details },
      hint: options.hint ?? "nothing was changed in the database; fix or remove this source and run again",
    });
    this.source = source;
  }
}
