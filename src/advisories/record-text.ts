import type { OsvRecord } from "../model/osv.js";

/**
 * A record's one-line summary: its `summary`, else the first sentence of its `details` (PyPA's PYSEC
 * records have no summary), else undefined. Whitespace is collapsed; nothing is escaped (renderers do that).
 */
export function recordSummary(record: OsvRecord): string | undefined {
  const summary = typeof record.summary === "string" ? record.summary.replace(/\s+/g, " ").trim() : "";
  if (summary) return summary;
  const details = typeof record.details === "string" ? record.details.trim() : "";
  if (!details) return undefined;
  // the first paragraph, then its first sentence (a period followed by white space, not "e.g." inside words)
  const paragraph = details
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, " ")
    .trim();
  const end = paragraph.search(/[.!?](\s|$)/);
  return end < 0 ? paragraph : paragraph.slice(0, end + 1);
}
