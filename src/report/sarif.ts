import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { Finding, ScanResult, Severity } from "../model/finding.js";
import { findingFixes } from "../remediation/index.js";
import { VERSION } from "../version.js";
import { advisoryUrl } from "./advisory-url.js";
import { adviceByPackage, idWithAliases, pathText } from "./summary.js";

/** GitHub code scanning's `security-severity` for findings rated only by label (no CVSS score). */
const LABEL_SCORES: Record<string, number> = { critical: 9.5, high: 8.0, medium: 5.5, low: 2.0 };

/** The number GitHub code scanning ranks by: the CVSS score, else a representative score of the rating. */
export function securitySeverity(s: Severity): string | undefined {
  const score = s.score ?? LABEL_SCORES[s.rating];
  return score === undefined ? undefined : score.toFixed(1);
}

/** Text as a sentence: a full stop added unless it already ends with one (or another end mark). */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** What fixes the finding's installed version: the applicable fixed versions, nearest first (see findingFixes). */
function fixSentence(f: Finding): string {
  const { applicable, belowInstalled } = findingFixes(f);
  if (applicable.length > 0) return `Fixed in: ${applicable.join(", ")}.`;
  return belowInstalled.length > 0
    ? `No fixed version above ${f.package.version} is known.`
    : "No fixed version known.";
}

function level(f: Finding): "error" | "warning" | "note" {
  const r = f.severity.rating;
  return r === "critical" || r === "high" ? "error" : r === "medium" ? "warning" : "note";
}

/** A location path as a SARIF URI: relative paths stay relative (to the scanned root), absolute ones become file: URIs. */
function artifactUri(path: string): string {
  return isAbsolute(path) ? pathToFileURL(path).href : encodeURI(path.replace(/\\/g, "/"));
}

/** Stable across runs and line moves: the vulnerability and the package's purl. */
function fingerprint(f: Finding): string {
  return createHash("sha256").update(`${f.id}\u0000${f.package.purl}`).digest("hex").slice(0, 32);
}

function ruleFor(id: string, group: Finding[]) {
  const first = group[0] as Finding;
  const worst = group.reduce((a, b) =>
    (b.severity.score ?? LABEL_SCORES[b.severity.rating] ?? 0) >
    (a.severity.score ?? LABEL_SCORES[a.severity.rating] ?? 0)
      ? b
      : a,
  );
  // The advisory's own page, not whatever reference comes first (often a code review or a commit).
  const helpUri = advisoryUrl(id);
  const severity = securitySeverity(worst.severity);
  const text = first.details ?? first.summary;
  return {
    id,
    name: id.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: first.summary },
    fullDescription: { text },
    help: {
      text: `${idWithAliases(first)}\n\n${text}\n\n${helpUri}`,
      markdown: `**${idWithAliases(first)}**\n\n${text}\n\n<${helpUri}>`,
    },
    helpUri,
    defaultConfiguration: { level: level(worst) },
    properties: {
      tags: ["security", "vulnerability", "dependency"],
      ...(severity ? { "security-severity": severity } : {}),
      aliases: first.aliases,
    },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability, one result per affected package located
 * at its lockfile line, `partialFingerprints` from vulnerability and purl, `security-severity` on rules.
 * Suppressed findings are results with `suppressions` (accepted, with the VEX or ignore reason).
 */
export function renderSarif(result: ScanResult): string {
  const byId = new Map<string, Finding[]>();
  for (const f of result.findings) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  const ruleIds = [...byId.keys()].sort();
  const rules = ruleIds.map((id) => ruleFor(id, byId.get(id) as Finding[]));
  const advice = adviceByPackage(result);
  const fallback = result.inventory.sources
    .slice(0, 1)
    .map((s) => ({ path: s.path, line: undefined as number | undefined }));
  const results = result.findings.map((f) => {
    const fix = advice.get(f.package.purl);
    const via = f.paths.find((p) => p.length > 1);
    const message = [
      sentence(
        `${f.package.name}@${f.package.version} (${f.package.ecosystem}) is affected by ${idWithAliases(f)}: ${f.summary}`,
      ),
      fixSentence(f),
      via ? sentence(`Introduced through: ${pathText(via)}`) : "",
      fix ? sentence(`Remediation: ${fix}`) : "",
    ]
      .filter(Boolean)
      .join(" ");
    return {
      ruleId: f.id,
      ruleIndex: ruleIds.indexOf(f.id),
      level: level(f),
      message: { text: message },
      // Code scanning needs a location: a finding from an input without lines falls back to the first source.
      locations: (f.locations.length > 0 ? f.locations : fallback).map((loc) => ({
        physicalLocation: {
          artifactLocation: { uri: artifactUri(loc.path) },
          ...(loc.line ? { region: { startLine: loc.line } } : {}),
        },
      })),
      partialFingerprints: { "bulwarkFinding/v1": fingerprint(f) },
      properties: { purl: f.package.purl, fixed: f.fixed, ...(f.approximate ? { approximate: true } : {}) },
      ...(f.suppressed
        ? {
            suppressions: [
              {
                kind: "external",
                status: "accepted",
                justification: `${f.suppressed.by}: ${f.suppressed.reason} (${f.suppressed.source})`,
              },
            ],
          }
        : {}),
    };
  });
  const notifications = result.warnings.map((w) => ({ level: "warning", message: { text: sentence(w) } }));
  const errors = result.inventory.errors.map((e) => ({
    level: "error",
    message: { text: sentence(`${e.path}${e.line ? `:${e.line}` : ""}: ${e.message}`) },
  }));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "bulwark",
            semanticVersion: VERSION,
            version: VERSION,
            rules,
          },
        },
        ...(result.coverage ? { properties: { coverage: result.coverage } } : {}),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [...notifications, ...errors],
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
