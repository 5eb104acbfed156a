import type { BulwarkError, ErrorCode } from "../model/errors.js";

/** Exit code 1 means "the evidence was examined and rejected"; every other error is a usage or runtime error (2). */
const EXIT_CODES: Partial<Record<ErrorCode, number>> = {
  VERIFICATION_FAILED: 1,
};

/** What to do about an error code, in the command line's own words (its flags and commands). */
const FLAG_HINTS: Partial<Record<ErrorCode, string>> = {
  ADVISORY_DB_MISSING:
    "download one with `bulwark db update --ecosystem <E>` or load OSV files with `bulwark db import <path>` (or point --db / BULWARK_DB at an existing database)",
  ADVISORY_DB_UNUSABLE: "check the path and permissions, or choose another database with --db / BULWARK_DB",
  ADVISORY_DB_CORRUPT:
    "the file is damaged: rebuild it with `bulwark db import` / `bulwark db update` into a new --db path, then replace it",
  ADVISORY_DB_READ_ONLY: "run `bulwark db import/update` with write access, or point --db at a writable copy",
  OFFLINE: "drop --offline, or run without the option that needs the network",
  CONFIG_INVALID: "fix the entry named above in bulwark.toml (or the file given with --config)",
  POLICY_INVALID: "fix the rule named above in the file given with --policy (see docs/policies.md)",
  VEX_INVALID: "check the file given with --vex: OpenVEX JSON or CycloneDX VEX JSON",
  NETWORK_REFUSED:
    "Bulwark only contacts public https hosts; download the file yourself and give its path, or use a mirror it may reach",
  NOTHING_TO_SCAN:
    "point Bulwark at a folder with a lockfile, manifest or SBOM, or name one with --lockfile TYPE:PATH or --sbom FILE",
};

/** The process exit code for an error that ends a command. */
export function exitCodeOf(error: BulwarkError): number {
  return EXIT_CODES[error.code] ?? 2;
}

/** The hint to print under an error: the error's own, then (when it adds something) the command line's. */
export function hintsOf(error: BulwarkError): string[] {
  const hints: string[] = [];
  if (error.hint) hints.push(error.hint);
  const flags = FLAG_HINTS[error.code];
  if (flags && flags !== error.hint) hints.push(flags);
  return hints;
}
