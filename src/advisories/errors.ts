import { BulwarkError } from "../model/errors.js";

/** A problem with advisory data or the advisory database that a user can act on. */
export class AdvisoryError extends BulwarkError {}

/** There is no advisory database at the resolved location, or it holds no records yet. */
export class DatabaseMissingError extends AdvisoryError {
  readonly path: string;
  constructor(path: string, reason: "missing" | "empty" = "missing") {
    super(
      reason === "missing"
        ? `no advisory database at ${path}`
        : `the advisory database at ${path} holds no advisories`,
      {
        hint: "download one with `bulwark db update --ecosystem <E>` or load OSV files with `bulwark db import <path>` (or point --db / BULWARK_DB at an existing database)",
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
  constructor(source: string, reason: string, options?: { hint?: string; cause?: unknown }) {
    super(`cannot import ${source}: ${reason}`, {
      hint: options?.hint ?? "nothing was changed in the database; fix or remove this source and run again",
      cause: options?.cause,
    });
    this.source = source;
  }
}
