import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parse, TomlDate } from "smol-toml";
import { readTextFile } from "../inventory/disk-source.js";
import type { ExpiredIgnore, Finding, Suppression } from "../model/finding.js";
import { ScanConfigError } from "./errors.js";
import { idsMatch, purlMatches } from "./purl-match.js";

/** The config file looked for in the (first) scanned folder when `--config` is not given. */
export const CONFIG_FILE_NAME = "bulwark.toml";

/** One `[[ignore]]` entry of the config. */
export interface IgnoreRule {
  /** Vulnerability id; matches the finding's id or any of its aliases. */
  id: string;
  /** purl of the package it applies to (any version when the purl has none); absent = every package. */
  package?: string;
  reason: string;
  /** Last day the ignore applies (YYYY-MM-DD); absent = no expiry. */
  expires?: string;
  /** The config file. */
  source: string;
}

/** What a config file says. */
export interface ScanConfig {
  ignores: IgnoreRule[];
  /** The file read, when there was one. */
  source?: string;
}

const TOP_LEVEL_KEYS = new Set(["ignore"]);
/** Sections of the same file that other commands read and validate (`[[risk.suppress]]` for `bulwark risk`). */
export const OTHER_COMMANDS_SECTIONS: ReadonlySet<string> = new Set(["risk"]);
const IGNORE_KEYS = new Set(["id", "package", "reason", "expires"]);

function dateOf(value: unknown, where: string): string {
  if (value instanceof TomlDate || value instanceof Date) {
    if (value instanceof TomlDate && value.isTime())
      throw new ScanConfigError(`${where}: expires must be a date, not a time`);
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)))
    return value;
  throw new ScanConfigError(`${where}: expires must be a TOML date such as 2026-12-31`, {
    hint: "write it without quotes: expires = 2026-12-31",
  });
}

/** Parses config text; `source` names the file in errors. Unknown keys are errors (a typo must not silently un-ignore). */
export function parseConfig(text: string, source: string): ScanConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new ScanConfigError(`${source}: invalid TOML: ${(error as Error).message.split("\n")[0]}`, {
      hint: "see docs/scan.md for the bulwark.toml format",
    });
  }
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL_KEYS.has(key) && !OTHER_COMMANDS_SECTIONS.has(key)) {
      throw new ScanConfigError(`${source}: unknown key "${key}"`, {
        hint: `known keys: ${[...TOP_LEVEL_KEYS, ...OTHER_COMMANDS_SECTIONS].join(", ")}`,
      });
    }
  }
  const raw = doc.ignore ?? [];
  if (!Array.isArray(raw))
    throw new ScanConfigError(`${source}: "ignore" must be written as [[ignore]] tables`);
  const ignores = raw.map((entry, i): IgnoreRule => {
    const where = `${source}: ignore[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new ScanConfigError(`${where} is not a table`);
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!IGNORE_KEYS.has(key)) {
        throw new ScanConfigError(`${where}: unknown key "${key}"`, {
          hint: `known keys: ${[...IGNORE_KEYS].join(", ")}`,
        });
      }
    }
    if (typeof e.id !== "string" || e.id.trim() === "")
      throw new ScanConfigError(`${where}: "id" (a vulnerability id) is required`);
    if (typeof e.reason !== "string" || e.reason.trim() === "") {
      throw new ScanConfigError(`${where} (${e.id}): "reason" is required`, {
        hint: "say why the finding does not apply",
      });
    }
    if (e.package !== undefined && (typeof e.package !== "string" || !e.package.startsWith("pkg:"))) {
      throw new ScanConfigError(`${where} (${e.id}): "package" must be a purl such as "pkg:npm/lodash"`);
    }
    return {
      id: e.id.trim(),
      package: e.package as string | undefined,
      reason: e.reason,
      expires: e.expires === undefined ? undefined : dateOf(e.expires, `${where} (${e.id})`),
      source,
    };
  });
  return { ignores, source };
}

/** Config files larger than this are refused before they are read. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Reads `explicit` when given (it must exist), else `bulwark.toml` in the first scanned path (or in the
 * folder of that path when it is a file); no file there = empty config.
 */
export async function loadConfig(
  explicit: string | undefined,
  paths: readonly string[],
): Promise<ScanConfig> {
  let file = explicit;
  if (!file) {
    const first = paths[0] ?? ".";
    const kind = await stat(first).then(
      (s) => (s.isFile() ? "file" : "dir"),
      () => "missing", // a missing scan path is the inventory's error to report
    );
    const candidate = join(kind === "file" ? dirname(first) : first, CONFIG_FILE_NAME);
    if (
      !(await stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      return { ignores: [] };
    file = candidate;
  }
  let text: string;
  try {
    text = await readTextFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    throw new ScanConfigError(`cannot read config file ${file}: ${(error as Error).message}`, {
      code: "INPUT_UNREADABLE",
      details: { path: file },
    });
  }
  return parseConfig(text, file);
}

/** Today as YYYY-MM-DD (UTC). */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Whether an ignore is past its last day. */
export function isExpired(rule: IgnoreRule, day: string): boolean {
  return rule.expires !== undefined && rule.expires < day;
}

/** The ignores past their expiry, as reported to the user. */
export function expiredIgnores(config: ScanConfig, day: string): ExpiredIgnore[] {
  return config.ignores
    .filter((r) => isExpired(r, day))
    .map((r) => ({
      id: r.id,
      package: r.package,
      reason: r.reason,
      expires: r.expires as string,
      source: r.source,
    }));
}

/** The first unexpired ignore that applies to a finding (by id or alias, and package when the rule names one). */
export function ignoreSuppression(
  finding: Finding,
  config: ScanConfig,
  day: string,
): Suppression | undefined {
  for (const rule of config.ignores) {
    if (isExpired(rule, day)) continue;
    if (!idsMatch([rule.id], finding)) continue;
    if (rule.package && !purlMatches(rule.package, finding.package.purl)) continue;
    return { by: "ignore", reason: rule.reason, source: rule.source };
  }
  return undefined;
}
