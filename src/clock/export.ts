import type { PortfolioFindingBody } from "../portfolio/match.js";
import type { PortfolioFinding } from "../store/portfolio/ports.js";
import { isBreached } from "./sla.js";

const DAY_MS = 86_400_000;
const days = (ms: number) => Math.round((ms / DAY_MS) * 100) / 100;

/** A finding with its clock, one row of an export. */
export interface ClockRow {
  project: string;
  projectVersion: string;
  finding: number;
  vulnerability: string;
  aliases: string[];
  purl: string;
  ecosystem: string;
  package: string;
  version: string;
  severity: string;
  score: number | null;
  kev: boolean;
  priority: number;
  state: string;
  summary: string;
  fixedVersions: string[];
  publishedAt: string | null;
  detectedAt: string;
  fixedAt: string | null;
  suppressedAt: string | null;
  slaDueAt: string | null;
  breached: boolean;
  /** Detected - published, in days; null when the advisory was published before the project's first upload. */
  ttdDays: number | null;
  /** Fixed - detected, in days, for fixed findings. */
  ttrDays: number | null;
  /** Now - detected, in days, for open findings. */
  ageDays: number | null;
}

/** The clock of one finding; `projectCreatedAt` decides whether its time to detect counts. */
export function clockRow(f: PortfolioFinding, projectCreatedAt: string | undefined, now: Date): ClockRow {
  const body = f.finding as PortfolioFindingBody;
  const detected = Date.parse(f.detectedAt);
  const published = f.publishedAt ? Date.parse(f.publishedAt) : undefined;
  const countsTtd =
    published !== undefined &&
    f.state !== "withdrawn" &&
    projectCreatedAt !== undefined &&
    published >= Date.parse(projectCreatedAt);
  return {
    project: f.projectName,
    projectVersion: f.projectVersion,
    finding: f.id,
    vulnerability: f.vulnerabilityId,
    aliases: body.aliases ?? [],
    purl: f.purl,
    ecosystem: body.package.ecosystem,
    package: body.package.name,
    version: body.package.version,
    severity: body.severity.rating,
    score: body.severity.score ?? null,
    kev: f.kev,
    priority: f.priority,
    state: f.state,
    summary: body.summary ?? "",
    fixedVersions: body.fixed ?? [],
    publishedAt: f.publishedAt ?? null,
    detectedAt: f.detectedAt,
    fixedAt: f.fixedAt ?? null,
    suppressedAt: f.suppressedAt ?? null,
    slaDueAt: f.slaDueAt ?? null,
    breached: isBreached(f.state, f.slaDueAt, now),
    ttdDays: countsTtd ? days(detected - (published as number)) : null,
    ttrDays: f.state === "fixed" && f.fixedAt ? days(Date.parse(f.fixedAt) - detected) : null,
    ageDays: f.state === "open" ? days(now.getTime() - detected) : null,
  };
}

/** The CSV columns, in order (the header line). */
export const CSV_COLUMNS = [
  "project",
  "projectVersion",
  "finding",
  "vulnerability",
  "aliases",
  "purl",
  "ecosystem",
  "package",
  "version",
  "severity",
  "score",
  "kev",
  "priority",
  "state",
  "publishedAt",
  "detectedAt",
  "fixedAt",
  "suppressedAt",
  "slaDueAt",
  "breached",
  "ttdDays",
  "ttrDays",
  "ageDays",
  "fixedVersions",
  "summary",
] as const satisfies readonly (keyof ClockRow)[];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A text that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) is prefixed with
 * an apostrophe: advisory and package text is untrusted. Numbers are written as they are.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let text = Array.isArray(value) ? value.join(" ") : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV line (CRLF-terminated, as RFC 4180 writes it). */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A row as a CSV line, in CSV_COLUMNS order. */
export function csvRow(row: ClockRow): string {
  return csvLine(CSV_COLUMNS.map((c) => row[c]));
}
