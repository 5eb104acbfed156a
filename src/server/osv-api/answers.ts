import { LruCache } from "../../advisories/lru-cache.js";
import { entryNamesPackage } from "../../advisories/matcher.js";
import type { AdvisoryReader } from "../../advisories/ports.js";
import type { OsvRecord } from "../../model/osv.js";
import type { ParsedOsvQuery } from "./osv-query.js";
import { encodePageToken } from "./page-token.js";

/** How many vulnerabilities one answer lists before it pages (api.osv.dev's documented limits by default). */
export interface PageLimits {
  /** Most vulnerabilities of one query in one answer (1,000). */
  perQuery: number;
  /** Once a batch answer holds more than this many vulnerabilities (3,000)... */
  batchBudget: number;
  /** ...each later query of the batch lists at most this many (5) and pages. */
  afterBudget: number;
}

/** api.osv.dev's limits: a query pages after 1,000 vulnerabilities, a batch after 3,000 in all. */
export const OSV_PAGE_LIMITS: PageLimits = { perQuery: 1000, batchBudget: 3000, afterBudget: 5 };

/** No paging: every answer whole (for a local batch such as the CLI's `query --batch`). */
export const UNPAGED: PageLimits = { perQuery: Infinity, batchBudget: Infinity, afterBudget: Infinity };

/** The id and modified time of a vulnerability, as querybatch lists them. */
export interface VulnId {
  id: string;
  modified: string;
}

/** One page of one query's answer; `next_page_token` when more follow. */
export interface Page<T> {
  /** May be shared with other answers (the reader's cached lists): do not modify. */
  vulns: readonly T[];
  next_page_token?: string;
}

/**
 * Answers one /v1/query: the whole records, in id order, at most `limit` of them after the page token's
 * position, with a token for the rest.
 */
export async function answerQuery(
  reader: AdvisoryReader,
  parsed: ParsedOsvQuery,
  limit: number,
): Promise<Page<OsvRecord>> {
  const { query } = parsed;
  const records = versionless(parsed)
    ? await recordsNaming(reader, parsed)
    : (await reader.query(query)).map((m) => m.record);
  return page(parsed, byId(records), limit);
}

/**
 * Answers a /v1/querybatch: per query, in order, the encoded answer (`{"vulns":[{id, modified}...]}`, `{}` when
 * nothing matches), paged as api.osv.dev pages a batch (at most `perQuery` a query; once the answer holds more
 * than `batchBudget`, `afterBudget` for each later query).
 */
export async function answerBatch(
  reader: AdvisoryReader,
  queries: ParsedOsvQuery[],
  limits: PageLimits = OSV_PAGE_LIMITS,
): Promise<Buffer[]> {
  const versioned = await reader.matchingIds(queries.filter((q) => !versionless(q)).map((q) => q.query));
  let nextVersioned = 0;
  const answers: Buffer[] = [];
  let listed = 0;
  for (const parsed of queries) {
    const limit = listed > limits.batchBudget ? limits.afterBudget : limits.perQuery;
    const answer = versionless(parsed)
      ? encode(
          parsed,
          (await recordsNaming(reader, parsed)).map(({ id, modified }) => ({ id, modified })),
          limit,
        )
      : encodedPage(parsed, versioned[nextVersioned++]!, limit);
    listed += answer.listed;
    answers.push(answer.bytes);
  }
  return answers;
}

function versionless(parsed: ParsedOsvQuery): boolean {
  return parsed.query.version === "";
}

/** Every record naming the package (in the queried release, if one is given), withdrawn ones left out. */
async function recordsNaming(reader: AdvisoryReader, { query }: ParsedOsvQuery): Promise<OsvRecord[]> {
  const records = await reader.recordsFor(query.ecosystem, query.name);
  return records.filter(
    (r) => !r.withdrawn && (r.affected ?? []).some((e) => entryNamesPackage(e, query.ecosystem, query.name)),
  );
}

function byId<T extends { id: string }>(items: readonly T[]): readonly T[] {
  // the reader answers in id order already; sort only when it did not. Code-unit order, the order page
  // tokens compare in (not locale order).
  for (let i = 1; i < items.length; i++)
    if (items[i - 1]!.id > items[i]!.id)
      return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return items;
}

function page<T extends { id: string }>(
  parsed: ParsedOsvQuery,
  sorted: readonly T[],
  limit: number,
): Page<T> {
  const { after } = parsed;
  const start = after === undefined ? 0 : firstAfter(sorted, after);
  // the whole list as it is when it fits (no copy: the reader's list, shared)
  const vulns = start === 0 && limit >= sorted.length ? sorted : sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return more ? { vulns, next_page_token: encodePageToken(parsed.query, vulns.at(-1)!.id) } : { vulns };
}

function firstAfter<T extends { id: string }>(sorted: readonly T[], after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.id <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One query's page of a batch answer as UTF-8 JSON, and how many vulnerabilities it lists. */
interface EncodedPage {
  bytes: Buffer;
  listed: number;
}

// The encoded first pages of the reader's shared id lists (it hands out the same list object for every query
// its cached package answers alike), by limit and, for a page that needs a token, by query: a batch repeating
// the queries of earlier ones is mostly copying bytes. Encoding a 1,000-query answer (380 KB, 400 of its
// answers paged) took 3–6 ms a batch. Weak: the entries go with their list; bounded per list, since every
// version string a client sends for a heavy package may share that package's list.
const encodedPages = new WeakMap<object, LruCache<string, EncodedPage>>();

function encodedPage(parsed: ParsedOsvQuery, ids: readonly VulnId[], limit: number): EncodedPage {
  if (parsed.after !== undefined) return encode(parsed, ids, limit);
  const { ecosystem, name, version } = parsed.query;
  const key = ids.length <= limit ? "" : `${limit}\u0000${ecosystem}\u0000${name}\u0000${version}`;
  let pages = encodedPages.get(ids);
  if (!pages) {
    pages = new LruCache(256);
    encodedPages.set(ids, pages);
  }
  let answer = pages.get(key);
  if (!answer) {
    answer = encode(parsed, ids, limit);
    pages.set(key, answer);
  }
  return answer;
}

function encode(parsed: ParsedOsvQuery, ids: readonly VulnId[], limit: number): EncodedPage {
  const answer = page(parsed, byId(ids), limit);
  const bytes =
    answer.vulns.length === 0 && !answer.next_page_token
      ? EMPTY
      : Buffer.from(JSON.stringify(osvAnswer(answer)));
  return { bytes, listed: answer.vulns.length };
}
const EMPTY = Buffer.from("{}");

/** The body of a batch answer, `{"results":[...]}`, from its answers' bytes. */
export function batchBody(answers: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from('{"results":[')];
  answers.forEach((answer, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(answer);
  });
  parts.push(Buffer.from("]}"));
  return Buffer.concat(parts);
}
const COMMA = Buffer.from(",");

/** A page as api.osv.dev writes it: empty fields left out, so a query with nothing is `{}`. */
export function osvAnswer<T>(page: Page<T>): { vulns?: T[]; next_page_token?: string } {
  return {
    // the list may be the reader's shared one: the answer is only serialised, never changed
    ...(page.vulns.length > 0 ? { vulns: page.vulns as T[] } : {}),
    ...(page.next_page_token ? { next_page_token: page.next_page_token } : {}),
  };
}
