import type { AdvisoryQuery } from "../../advisories/matcher.js";
import { OsvApiError } from "./errors.js";

// A page token says where the previous page ended: the last id it held (answers are in id order, so the
// next page is every id after it, and records added or removed meanwhile neither repeat nor shift a page)
// and a fingerprint of the query it belongs to, so that a token sent with another query is refused instead
// of silently skipping that query's first results. Opaque to clients, as api.osv.dev's are.

/** Longest page token accepted (ids are at most 256 characters). */
export const MAX_PAGE_TOKEN_LENGTH = 512;

/** The token that continues `query` after the id `lastId`. */
export function encodePageToken(query: AdvisoryQuery, lastId: string): string {
  return Buffer.from(JSON.stringify([lastId, fingerprint(query)])).toString("base64url");
}

/**
 * The id after which the next page of `query` starts. Throws OsvApiError ("Invalid page token.", as
 * api.osv.dev says) when the token is not one of ours or belongs to another query.
 */
export function decodePageToken(token: string, query: AdvisoryQuery, where: string): string {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const [lastId, forQuery] = Array.isArray(decoded) && decoded.length === 2 ? decoded : [];
  if (typeof lastId !== "string" || lastId === "" || typeof forQuery !== "string")
    throw invalid(where, "it is not a token this server issued");
  if (forQuery !== fingerprint(query)) throw invalid(where, "it was issued for another query");
  return lastId;
}

function invalid(where: string, why: string): OsvApiError {
  return new OsvApiError(`Invalid page token: ${where}page_token: ${why}`, {
    details: { field: `${where}page_token` },
    hint: "send the next_page_token of the previous answer with the same query, unchanged",
  });
}

/** FNV-1a (32 bits) of the query: a guard against mixed-up tokens, not a secret, so a fast hash will do. */
function fingerprint(q: AdvisoryQuery): string {
  const text = [q.ecosystem, q.name, q.version, q.commit ?? ""].join("\u0000");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}
