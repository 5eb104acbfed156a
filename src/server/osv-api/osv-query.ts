import type { AdvisoryQuery } from "../../advisories/matcher.js";
import { refFromPurl } from "../../ecosystems/purl.js";
import { OsvApiError } from "./errors.js";
import { isKnownEcosystem } from "./known-ecosystems.js";
import { decodePageToken } from "./page-token.js";

/**
 * One query as OSV clients send it to /v1/query or in /v1/querybatch's `queries`. Protobuf JSON rules: an
 * empty string is the same as an absent field, and `pageToken` (what protobuf JSON writers such as
 * osv-scanner's client emit) is the same field as `page_token`.
 */
export interface OsvApiQuery {
  package?: { name?: string; ecosystem?: string; purl?: string };
  version?: string;
  commit?: string;
  page_token?: string;
  pageToken?: string;
}

/** A query made ready for the advisory database. */
export interface ParsedOsvQuery {
  /**
   * The package and version to look up. `version` "" asks for every advisory naming the package, as
   * api.osv.dev answers a query without a version.
   */
  query: AdvisoryQuery;
  /** Where the previous page of this query ended (the last id it held), from its page token. */
  after?: string;
}

/**
 * Checks one OSV API query and turns it into an advisory query, with api.osv.dev's rules and messages: a
 * package by `ecosystem` + `name` or by `purl` (not both); a version in `version` or in the purl (not both);
 * an ecosystem the OSV schema knows. Throws OsvApiError naming the field
 * (`where` prefixes it, e.g. "queries[3].").
 *
 * Two deliberate differences from api.osv.dev, both 400s that say so, never a silent empty answer: a query
 * by `commit` is refused (without the repositories' history the server cannot tell whether a commit lies
 * inside a GIT range, and an empty answer would read as "not affected"), and so is a `name` without an
 * `ecosystem` (the advisory index is keyed by ecosystem).
 */
export function parseOsvQuery(raw: OsvApiQuery, where = ""): ParsedOsvQuery {
  const fail = (message: string, field: string, hint?: string) => refuse(message, `${where}${field}`, hint);
  const pkg = raw.package ?? {};
  let version = given(raw.version);
  const commit = given(raw.commit);
  const purl = given(pkg.purl);
  let name = given(pkg.name);
  let ecosystem = given(pkg.ecosystem);
  if (commit)
    fail(
      `Invalid query: ${where}commit: queries by commit are not supported by this server (it cannot walk the repositories' history to place a commit in a GIT range)`,
      "commit",
      "query by package and version instead",
    );
  if (purl) {
    if (name) fail(`name specified in a PURL query (${where}package.name)`, "package.name");
    if (ecosystem)
      fail(`ecosystem specified in a PURL query (${where}package.ecosystem)`, "package.ecosystem");
    let ref: ReturnType<typeof refFromPurl>;
    try {
      ref = refFromPurl(purl);
    } catch (error) {
      return fail(`Invalid Package URL: ${where}package.purl: ${(error as Error).message}`, "package.purl");
    }
    if (ref.version && version)
      fail(
        `version specified in params and PURL query (${where}version and ${where}package.purl)`,
        "version",
        "drop the version from the purl or the version field",
      );
    ecosystem = ref.ecosystem;
    name = ref.name;
    version = ref.version || version;
  }
  if (!name && !ecosystem)
    fail(`Invalid query: ${where}package is missing (give ecosystem and name, or purl)`, "package");
  if (!ecosystem)
    return fail(
      `Invalid query: ${where}package.ecosystem is missing`,
      "package.ecosystem",
      "give the OSV ecosystem, e.g. PyPI or Go",
    );
  if (!name) return fail(`Invalid query: ${where}package.name is missing`, "package.name");
  if (!isKnownEcosystem(ecosystem))
    fail(
      `Invalid ecosystem: ${where}package.ecosystem "${ecosystem}" is not an OSV ecosystem`,
      "package.ecosystem",
      "OSV ecosystem names are case-sensitive: PyPI, npm, Go, crates.io, Maven, Debian:12, ...",
    );
  const query: AdvisoryQuery = { ecosystem, name, version: version ?? "" };
  const token = given(raw.page_token) ?? given(raw.pageToken);
  return token ? { query, after: decodePageToken(token, query, where) } : { query };
}

/** A protobuf JSON string field's value: "" is the same as absent. */
function given(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function refuse(message: string, field: string, hint?: string): never {
  throw new OsvApiError(message, { details: { field }, ...(hint ? { hint } : {}) });
}
