import { Type } from "typebox";
import { MAX_PAGE_TOKEN_LENGTH } from "./page-token.js";

// Request and response schemas of the OSV-compatible routes, written after api.osv.dev's documentation
// (https://google.github.io/osv.dev/api/). Unknown request fields are allowed and ignored, as api.osv.dev
// ignores them; response objects that hold OSV data allow every field, so nothing of a record is dropped.

/** Most queries in one /v1/querybatch request (api.osv.dev's limit). */
export const MAX_BATCH_QUERIES = 1000;

const text = (description: string) => Type.String({ description });

const PackageSchema = Type.Object(
  {
    name: Type.Optional(text("the package name, as the ecosystem spells it; needs `ecosystem`")),
    ecosystem: Type.Optional(text("the OSV ecosystem (case-sensitive): PyPI, npm, Go, Debian:12, ...")),
    purl: Type.Optional(text("a package URL instead of `ecosystem` + `name`; may carry the version")),
  },
  { description: "the package, by `ecosystem` + `name` or by `purl`" },
);

const pageToken = (description: string) =>
  Type.Optional(Type.String({ maxLength: MAX_PAGE_TOKEN_LENGTH, description }));

/** One query: a package and a version (or commit), or a package alone for all its vulnerabilities. */
export const OsvQuerySchema = Type.Object({
  package: Type.Optional(PackageSchema),
  version: Type.Optional(text("the version; absent = every vulnerability of the package")),
  commit: Type.Optional(text("a commit hash: refused by this server (see the documentation)")),
  page_token: pageToken("`next_page_token` of the previous answer to this query"),
  pageToken: pageToken("`page_token` as protobuf JSON writers spell it"),
});

/** POST /v1/querybatch body. */
export const OsvBatchRequestSchema = Type.Object({
  queries: Type.Array(OsvQuerySchema, {
    maxItems: MAX_BATCH_QUERIES,
    description: `at most ${MAX_BATCH_QUERIES} queries; answered in order`,
  }),
});

const openList = (description: string) => Type.Optional(Type.Array(Type.Unknown(), { description }));
const strings = (description: string) => Type.Optional(Type.Array(Type.String(), { description }));

/** An OSV record as stored (https://ossf.github.io/osv-schema/); fields not listed are kept too. */
export const OsvRecordSchema = Type.Object(
  {
    schema_version: Type.Optional(Type.String()),
    id: Type.String(),
    modified: Type.String({ description: "RFC 3339 timestamp" }),
    published: Type.Optional(Type.String()),
    withdrawn: Type.Optional(Type.String()),
    aliases: strings("other ids of the same vulnerability"),
    upstream: strings("ids of the records this one derives from"),
    related: strings("ids of related, not identical, vulnerabilities"),
    summary: Type.Optional(Type.String()),
    details: Type.Optional(Type.String()),
    severity: openList("severity scores"),
    affected: openList("affected packages, with ranges and versions"),
    references: openList("links"),
    credits: openList("people and organisations credited"),
    database_specific: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

const nextPageToken = Type.Optional(
  Type.String({ description: "present when more vulnerabilities follow: send it back as `page_token`" }),
);

/** POST /v1/query answer; `{}` when nothing matched, as api.osv.dev writes it. */
export const OsvQueryResponseSchema = Type.Object({
  vulns: Type.Optional(Type.Array(OsvRecordSchema)),
  next_page_token: nextPageToken,
});

/** POST /v1/querybatch answer: one result per query, in order; `{}` for a query with nothing. */
export const OsvBatchResponseSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      vulns: Type.Optional(Type.Array(Type.Object({ id: Type.String(), modified: Type.String() }))),
      next_page_token: nextPageToken,
    }),
  ),
});

/** GET /v1/vulns/{id} path. */
export const VulnIdParamsSchema = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 256,
    description: "an OSV id such as PYSEC-2021-98 or GO-2022-0969",
  }),
});

/** The error body: a google.rpc.Status as api.osv.dev writes it, with Bulwark's code in an ErrorInfo. */
export const GrpcStatusSchema = Type.Object({
  code: Type.Integer({
    description: "google.rpc.Code: 3 invalid argument, 5 not found, 16 unauthenticated, ...",
  }),
  message: Type.String(),
  details: Type.Array(
    Type.Object(
      {
        "@type": Type.String(),
        reason: Type.String({ description: "Bulwark's stable error code (USAGE, INPUT_NOT_FOUND, ...)" }),
        domain: Type.String(),
        metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
      },
      { additionalProperties: true },
    ),
  ),
});
