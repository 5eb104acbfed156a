import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  type BulwarkToml,
  CONFIG_FILE_NAME,
  loadBulwarkToml,
  parseBulwarkToml,
  type VEX_JUSTIFICATIONS,
  type VEX_STATUSES,
} from "../config/bulwark-toml.js";
import type { ExpiredIgnore, Finding, Suppression } from "../model/finding.js";

export { CONFIG_FILE_NAME } from "../config/bulwark-toml.js";

import { idsMatch, purlMatches } from "./purl-match.js";

/** One `[[ignore]]` entry of the config. */
export interface IgnoreRule {
  /** Vulnerability id; matches the finding's id or any of its aliases. */
  id: string;
  /** purl of the package it applies to (any version when the purl has none); absent = every package. */
  package?: string;
  reason: string;
  /** Last day the ignore applies (YYYY-MM-DD); absent = no expiry. */
  expires?: string;
  /** What the ignore says about the finding in VEX terms (OpenVEX status); absent = an accepted risk. */
  status?: (typeof VEX_STATUSES)[number];
  /** Why it is not affected (OpenVEX justification), with status not_affected. */
  justification?: (typeof VEX_JUSTIFICATIONS)[number];
  /** The config file. */
  source: string;
}

/** What a config file says to a scan. */
export interface ScanConfig {
  ignores: IgnoreRule[];
  /** Warn when advisories are older than this many days (`[scan] max_data_age_days`). */
  maxDataAgeDays?: number;
  /** The file read, when there was one. */
  source?: string;
}

/** Parses config text for a scan; `source` names the file in errors (see parseBulwarkToml). */
export function parseConfig(text: string, source: string): ScanConfig {
  return scanConfigOf(parseBulwarkToml(text, source), source);
}

function scanConfigOf(doc: BulwarkToml, source: string): ScanConfig {
  return {
    ignores: (doc.ignore ?? []).map((e) => ({ ...e, id: e.id.trim(), source })),
    ...(doc.scan?.max_data_age_days !== undefined ? { maxDataAgeDays: doc.scan.max_data_age_days } : {}),
    source,
  };
}

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
    const isFile = await stat(first).then(
      (s) => s.isFile(),
      () => false, // a missing scan path is the inventory's error to report
    );
    file = join(isFile ? dirname(first) : first, CONFIG_FILE_NAME);
  }
  const doc = await loadBulwarkToml(file, explicit !== undefined);
  return doc ? scanConfigOf(doc, file) : { ignores: [] };
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
    return {
      by: "ignore",
      reason: rule.reason,
      source: rule.source,
      ...(rule.status ? { status: rule.status } : {}),
      ...(rule.justification ? { justification: rule.justification } : {}),
    };
  }
  return undefined;
}
