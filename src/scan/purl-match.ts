import { type Purl, parsePurl } from "../purl/index.js";

function tryParse(text: string): Purl | undefined {
  try {
    return parsePurl(text);
  } catch {
    return undefined;
  }
}

/**
 * Whether `pattern` (from a VEX statement or an ignore entry) names the package `purl`: same type,
 * namespace and name, and the same version unless the pattern has none (then any version matches).
 * Qualifiers and subpath are ignored. A pattern that is not a purl matches only the identical string.
 */
export function purlMatches(pattern: string, purl: string): boolean {
  if (pattern === purl) return true;
  const p = tryParse(pattern);
  const q = tryParse(purl);
  if (!p || !q) return false;
  if (p.type !== q.type || (p.namespace ?? "") !== (q.namespace ?? "") || p.name !== q.name) return false;
  return p.version === undefined || p.version === q.version;
}

/** Whether any of `ids` (case-insensitive) is one of a finding's id or aliases. */
export function idsMatch(ids: readonly string[], finding: { id: string; aliases: string[] }): boolean {
  const own = new Set([finding.id, ...finding.aliases].map((s) => s.toUpperCase()));
  return ids.some((id) => own.has(id.trim().toUpperCase()));
}
