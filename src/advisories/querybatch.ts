import { refFromPurl } from "../ecosystems/purl.js";
import { AdvisoryError } from "./errors.js";
import type { AdvisoryQuery } from "./matcher.js";
import type { AdvisoryReader } from "./ports.js";

/** One query of an OSV API `/v1/querybatch` request. */
export interface BatchQuery {
  package?: { ecosystem?: string; name?: string; purl?: string };
  version?: string;
  commit?: string;
}

/** The OSV API querybatch answer: one entry per query, in order; `{}` when nothing matched (as the API does). */
export interface BatchResponse {
  results: ({ vulns: readonly { id: string; modified: string }[] } | Record<string, never>)[];
}

/**
 * Turns a querybatch request into advisory queries. Throws an AdvisoryError naming the first bad query
 * (index and problem), as the API rejects the whole batch: a query needs a package given by
 * ecosystem + name or by purl, and a version (in `version` or in the purl). Commit-only queries are not
 * supported offline (they would need every GIT range of every record).
 */
export function parseBatchRequest(request: unknown): AdvisoryQuery[] {
  const queries = (request as { queries?: unknown } | null)?.queries;
  if (!request || typeof request !== "object" || !Array.isArray(queries))
    throw new AdvisoryError('the batch is not an OSV querybatch request: expected {"queries": [...]}', {
      code: "USAGE",
      hint: 'write {"queries":[{"package":{"ecosystem":"PyPI","name":"django"},"version":"3.2.0"}]}',
    });
  return queries.map((raw, index) => toQuery(raw as BatchQuery, index));
}

function toQuery(raw: BatchQuery, index: number): AdvisoryQuery {
  const fail = (problem: string): never => {
    throw new AdvisoryError(`query ${index} of the batch: ${problem}`, {
      code: "USAGE",
      details: { index },
      hint: 'each query needs "package" ({"ecosystem","name"} or {"purl"}) and a "version"',
    });
  };
  if (!raw || typeof raw !== "object") return fail("not an object");
  const pkg = raw.package;
  if (!pkg || typeof pkg !== "object") return fail('"package" is missing');
  const version = typeof raw.version === "string" ? raw.version : undefined;
  const commit = typeof raw.commit === "string" && raw.commit !== "" ? raw.commit : undefined;
  let query: AdvisoryQuery;
  if (typeof pkg.purl === "string" && pkg.purl !== "") {
    if (pkg.name || pkg.ecosystem) fail('give either "purl" or "ecosystem" + "name", not both');
    let ref: ReturnType<typeof refFromPurl>;
    try {
      ref = refFromPurl(pkg.purl);
    } catch (error) {
      return fail((error as Error).message);
    }
    if (ref.version && version && ref.version !== version) fail('the purl\'s version and "version" differ');
    query = { ecosystem: ref.ecosystem, name: ref.name, version: version ?? ref.version };
  } else {
    if (typeof pkg.ecosystem !== "string" || pkg.ecosystem === "")
      return fail('"package.ecosystem" is missing');
    if (typeof pkg.name !== "string" || pkg.name === "") return fail('"package.name" is missing');
    query = { ecosystem: pkg.ecosystem, name: pkg.name, version: version ?? "" };
  }
  if (query.version === "" && !commit) fail('"version" is missing');
  return commit ? { ...query, commit } : query;
}

/** Answers a querybatch request from the advisory database, in the OSV API's response shape. */
export async function runQueryBatch(reader: AdvisoryReader, request: unknown): Promise<BatchResponse> {
  const answers = await reader.matchingIds(parseBatchRequest(request));
  return { results: answers.map((vulns) => (vulns.length > 0 ? { vulns } : ({} as Record<string, never>))) };
}

/**
 * runQueryBatch's answer as JSON text (exactly `JSON.stringify(await runQueryBatch(...))`), in pieces to write
 * as they come: a batch of 10,000 queries over heavy packages answers with tens of megabytes, which need not be
 * held as objects and then as one string. Queries answered alike are serialised once.
 */
export async function* queryBatchJson(reader: AdvisoryReader, request: unknown): AsyncGenerator<string> {
  const answers = await reader.matchingIds(parseBatchRequest(request));
  // the reader hands out one list for every query it answers alike
  const answered = new Map<readonly unknown[], string>();
  yield '{"results":[';
  for (const [i, vulns] of answers.entries()) {
    let text = answered.get(vulns);
    if (text === undefined) {
      text = vulns.length > 0 ? JSON.stringify({ vulns }) : "{}";
      answered.set(vulns, text);
    }
    yield i === 0 ? text : `,${text}`;
  }
  yield "]}";
}
