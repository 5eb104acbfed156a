import { createRequire } from "node:module";
import { LruCache } from "../advisories/lru-cache.js";
import type { Severity, SeverityRating } from "../model/finding.js";
import { SEVERITY_RATINGS } from "../model/finding.js";
import type { OsvAffected, OsvRecord, OsvSeverity } from "../model/osv.js";

interface CvssLibrary {
  fromVector(vector: string): { getVectorName(): string; calculateScores(): { base?: number } } | null;
}

let cvssLibrary: CvssLibrary | undefined;
/** ae-cvss-calculator, loaded on the first vector: scans without CVSS-rated findings never pay for it. */
function cvssCalculator(): CvssLibrary {
  cvssLibrary ??= createRequire(import.meta.url)("ae-cvss-calculator") as CvssLibrary;
  return cvssLibrary;
}

/** Lower rank = more severe ("critical" is 0, "unknown" is 4). */
export function severityRank(rating: SeverityRating): number {
  return SEVERITY_RATINGS.indexOf(rating);
}

/** The rating of a CVSS base score: NVD's v2 bands for v2 (no "critical"), FIRST's bands for v3 and v4. */
export function ratingOfScore(score: number, type: "CVSS_V2" | "CVSS_V3" | "CVSS_V4"): SeverityRating {
  if (type === "CVSS_V2") return score >= 7 ? "high" : score >= 4 ? "medium" : "low";
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return "low";
}

// Scoring vectors was 15 of the 44 ms of matching dependency-track-frontend again, and the same vectors come
// back on every scan and upload: the
// answers are kept (the function is pure), the least recently used forgotten first.
const scored = new LruCache<string, Severity | false>(20_000);

/** A CVSS vector (v2, v3.0, v3.1 or v4.0) turned into a score and rating; undefined when it is not a complete vector. */
export function cvssSeverity(vector: string): Severity | undefined {
  let answer = scored.get(vector);
  if (answer === undefined) {
    answer = scoreVector(vector) ?? false;
    scored.set(vector, answer);
  }
  return answer === false ? undefined : { ...answer };
}

function scoreVector(vector: string): Severity | undefined {
  let parsed: ReturnType<CvssLibrary["fromVector"]>;
  try {
    parsed = cvssCalculator().fromVector(vector.trim());
  } catch {
    return undefined;
  }
  if (!parsed) return undefined;
  const name = parsed.getVectorName();
  const type = name === "CVSS:2.0" ? "CVSS_V2" : name === "CVSS:4.0" ? "CVSS_V4" : "CVSS_V3";
  let base: number | undefined;
  try {
    base = parsed.calculateScores().base;
  } catch {
    return undefined;
  }
  // The library scores an incomplete vector as 0 without a base score: not a severity at all.
  if (typeof base !== "number" || Number.isNaN(base)) return undefined;
  return { score: base, rating: ratingOfScore(base, type), vector: vector.trim(), type };
}

const ECOSYSTEM_LABELS: Record<string, SeverityRating> = {
  critical: "critical",
  high: "high",
  important: "high",
  moderate: "medium",
  medium: "medium",
  low: "low",
  negligible: "low",
  unimportant: "low",
};

/** A rating from an ecosystem's own label (GHSA LOW/MODERATE/HIGH/CRITICAL, Ubuntu negligible..critical). */
export function labelSeverity(label: string): Severity | undefined {
  const rating = ECOSYSTEM_LABELS[label.trim().toLowerCase()];
  return rating ? { rating, vector: label, type: "ecosystem" } : undefined;
}

function isCvssType(type: string): boolean {
  return type === "CVSS_V2" || type === "CVSS_V3" || type === "CVSS_V4";
}

function stringAt(obj: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === "string" ? value : undefined;
}

/** The more severe of two severities; a CVSS score breaks ties in rating. */
export function moreSevere(a: Severity, b: Severity): Severity {
  const diff = severityRank(a.rating) - severityRank(b.rating);
  if (diff !== 0) return diff < 0 ? a : b;
  return (b.score ?? -1) > (a.score ?? -1) ? b : a;
}

/** The severity of a vulnerability no source rates. */
export const UNKNOWN_SEVERITY: Severity = { rating: "unknown", type: "none" };

/**
 * The severity of one vulnerability from all its matching records and affected entries: the highest CVSS
 * score among record-level and affected-level vectors; without any CVSS, the highest ecosystem label
 * (GHSA `database_specific.severity`, Ubuntu's severity type, `ecosystem_specific.severity`, Debian's
 * `ecosystem_specific.urgency`); else unknown
 * (Go records carry none). Vectors the library cannot score are reported through `onInvalid`.
 */
export function severityOf(
  parts: { record: OsvRecord; affected: OsvAffected[] }[],
  onInvalid: (message: string) => void = () => {},
): Severity {
  const cvssFound: Severity[] = [];
  const labels: Severity[] = [];
  const consider = (entries: OsvSeverity[] | undefined, id: string) => {
    for (const entry of entries ?? []) {
      if (typeof entry?.score !== "string") continue;
      if (isCvssType(entry.type)) {
        const s = cvssSeverity(entry.score);
        if (s) cvssFound.push(s);
        else onInvalid(`${id}: cannot score CVSS vector "${entry.score}"`);
      } else {
        const s = labelSeverity(entry.score);
        if (s) labels.push(s);
      }
    }
  };
  for (const { record, affected } of parts) {
    consider(record.severity, record.id);
    const recordLabel = stringAt(record.database_specific, "severity");
    const label = recordLabel ? labelSeverity(recordLabel) : undefined;
    if (label) labels.push(label);
    for (const a of affected) {
      consider(a.severity, record.id);
      for (const extra of [
        stringAt(a.ecosystem_specific, "severity"),
        stringAt(a.ecosystem_specific, "urgency"),
        stringAt(a.database_specific, "severity"),
      ]) {
        const s = extra ? labelSeverity(extra) : undefined;
        if (s) labels.push(s);
      }
    }
  }
  const pool = cvssFound.length > 0 ? cvssFound : labels;
  return pool.reduce<Severity>(
    (best, s) => (best === UNKNOWN_SEVERITY ? s : moreSevere(best, s)),
    UNKNOWN_SEVERITY,
  );
}
