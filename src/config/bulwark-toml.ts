import type { ErrorObject } from "ajv";
import { Ajv } from "ajv";
import { parse, TomlDate, TomlError } from "smol-toml";
import { readTextFile } from "../inventory/disk-source.js";
import { SourceError } from "../inventory/source.js";
import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";
import { type BulwarkToml, BulwarkTomlSchema } from "./schema.js";

export { type BulwarkToml, VEX_JUSTIFICATIONS, VEX_STATUSES } from "./schema.js";

/** The file looked for in the scanned (or assessed) folder when no other is named. */
export const CONFIG_FILE_NAME = "bulwark.toml";

/** A `bulwark.toml` that cannot be used: code CONFIG_INVALID, naming the file, the key and the line. */
export class ConfigError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("CONFIG_INVALID", message, options);
  }
}

let validate: ReturnType<Ajv["compile"]> | undefined;

/** bulwark.toml files larger than this are refused before they are read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads and validates a `bulwark.toml`. Absent: undefined when `required` is false (the default file of a
 * folder), an INPUT_UNREADABLE ConfigError when true (a file the user named). Too large or unreadable files
 * are ConfigErrors naming the file; the size is checked before anything is read.
 */
export async function loadBulwarkToml(file: string, required: boolean): Promise<BulwarkToml | undefined> {
  let text: string;
  try {
    text = await readTextFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    if (!required && error instanceof SourceError && error.reason === "missing") return undefined;
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`, {
      code: "INPUT_UNREADABLE",
      details: { path: file },
    });
  }
  return parseBulwarkToml(text, file);
}

/**
 * Parses and validates a `bulwark.toml` text (`source` names it in errors). Throws ConfigError naming the
 * first problem: invalid TOML (with its line), an unknown key, a missing or mistyped value, a date that is
 * no calendar day (`2026-02-30`), a date-time where a date is expected, an empty or invalid purl.
 */
export function parseBulwarkToml(text: string, source: string): BulwarkToml {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    throw new ConfigError(`${source}: invalid TOML${line ? ` at line ${line}` : ""}: ${firstLine(error)}`, {
      details: { path: source, ...(line ? { line } : {}) },
    });
  }
  checkCalendarDates(text, source);
  const plain = plainValues(doc, source, "");
  validate ??= new Ajv({ allErrors: false, strict: false }).compile(BulwarkTomlSchema);
  if (!validate(plain))
    throw new ConfigError(`${source}: ${describe(validate.errors?.[0])}`, { details: { path: source } });
  const config = plain as BulwarkToml;
  for (const [i, entry] of (config.ignore ?? []).entries()) {
    const where = `${source}: ignore[${i}] (${entry.id})`;
    if (entry.expires && !isCalendarDay(entry.expires))
      throw new ConfigError(`${where}: expires ${entry.expires} is not a calendar day`, {
        details: { path: source },
      });
    if (entry.justification && entry.status !== "not_affected")
      throw new ConfigError(`${where}: a justification goes with status = "not_affected"`, {
        details: { path: source },
      });
  }
  return config;
}

/** TOML dates become "YYYY-MM-DD" strings; date-times and times are refused where only dates are allowed. */
function plainValues(value: unknown, source: string, path: string): unknown {
  if (value instanceof TomlDate) {
    if (!value.isDate())
      throw new ConfigError(`${source}: ${path} must be a date such as 2026-12-31, not a date-time or time`, {
        details: { path: source, key: path },
      });
    return value.toISOString().slice(0, 10);
  }
  if (Array.isArray(value)) return value.map((v, i) => plainValues(v, source, `${path}[${i}]`));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, plainValues(v, source, path ? `${path}.${k}` : k)]),
    );
  return value;
}

/**
 * smol-toml accepts `2026-02-30` and rolls it over to March: find every unquoted date literal in the text
 * (comments and strings removed) and check that it is a real day, naming its line.
 */
function checkCalendarDates(text: string, source: string): void {
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""').replace(/#.*$/, "");
    for (const m of line.matchAll(/(?<![\w.-])(\d{4}-\d{2}-\d{2})(?![\w-])/g)) {
      if (!isCalendarDay(m[1]!))
        throw new ConfigError(`${source}: line ${index + 1}: ${m[1]} is not a calendar day`, {
          details: { path: source, line: index + 1 },
        });
    }
  });
}

/** Whether "YYYY-MM-DD" names a day that exists. */
export function isCalendarDay(day: string): boolean {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return "invalid";
  const key = error.instancePath
    .split("/")
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
  const at = key || "the file";
  switch (error.keyword) {
    case "additionalProperties":
      return `${at === "the file" ? "" : `${at}: `}unknown key "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case "required":
      return `${at}: "${(error.params as { missingProperty: string }).missingProperty}" is required`;
    case "enum":
      return `${at} must be one of ${(error.params as { allowedValues: string[] }).allowedValues.join(", ")}`;
    case "pattern":
    case "minLength":
      return key.endsWith("package")
        ? `${at} must be a package URL such as "pkg:npm/lodash"`
        : key.endsWith("expires")
          ? `${at} must be a TOML date such as 2026-12-31`
          : `${at} must not be empty`;
    default:
      return `${at} ${error.message ?? "is invalid"}`;
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split("\n")[0]!
    .replace(/^Invalid TOML document: /, "");
}
