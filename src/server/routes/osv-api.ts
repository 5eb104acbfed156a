import { Ajv } from "ajv";
import type { AdvisoryReader } from "../../advisories/ports.js";
import type { Access } from "../access.js";
import type { App } from "../app.js";
import {
  answerBatch,
  answerQuery,
  batchBody,
  OSV_PAGE_LIMITS,
  osvAnswer,
  type PageLimits,
} from "../osv-api/answers.js";
import { OsvApiError } from "../osv-api/errors.js";
import { grpcStatusOf } from "../osv-api/grpc-status.js";
import { parseOsvQuery } from "../osv-api/osv-query.js";
import {
  GrpcStatusSchema,
  OsvBatchRequestSchema,
  OsvBatchResponseSchema,
  OsvQueryResponseSchema,
  OsvQuerySchema,
  OsvRecordSchema,
  VulnIdParamsSchema,
} from "../osv-api/schemas.js";
import { problemOf } from "../problem.js";

/** What the OSV-compatible routes are built from. */
export interface OsvApiDeps {
  /** The server's advisory database. */
  advisories: AdvisoryReader;
  /** Open the routes without a key (`--public-osv-api`); otherwise they need a key with the read role. */
  public: boolean;
  /** When answers page (default: api.osv.dev's documented limits). */
  limits?: PageLimits;
}

const TAGS = ["OSV API"];
const ERRORS = { "4xx": GrpcStatusSchema, "5xx": GrpcStatusSchema };

/**
 * The OSV-compatible query service: `POST /v1/query`, `POST /v1/querybatch` and `GET /v1/vulns/{id}` with
 * api.osv.dev's request and response shapes, paging and error bodies, answered from the advisory database,
 * so OSV clients (osv-scanner and others) can use a Bulwark server as their source.
 *
 * Errors on these routes are google.rpc.Status bodies (`{"code": 3, "message": ...}`) as api.osv.dev sends
 * them, not Bulwark's problem documents: OSV clients decode that shape (a problem body's string `code`
 * would not even parse where they expect a number). The HTTP status is the same either way, and Bulwark's
 * stable code rides along in the status's ErrorInfo detail.
 */
export function osvApiRoutes(deps: OsvApiDeps): (app: App) => void {
  const access: Access = deps.public ? "public" : "read";
  const security = deps.public ? [] : [{ apiKey: [] }];
  const limits = deps.limits ?? OSV_PAGE_LIMITS;
  const reader = deps.advisories;
  return (app) => {
    // osv.dev's own examples post with `curl -d`, which labels the JSON as a form: read it as JSON, as
    // api.osv.dev does (only on these routes: the parser is scoped to this plugin)
    app.addContentTypeParser(
      ["application/x-www-form-urlencoded", "text/plain"],
      { parseAs: "string" },
      app.getDefaultJsonParser("error", "error"),
    );
    // protobuf JSON has no type coercion: `"version": 3.10` is refused, not read as "3.1" as the app's
    // coercing validator would (scoped to these routes)
    const strict = new Ajv({ strict: false, coerceTypes: false, allErrors: false });
    app.setValidatorCompiler(({ schema }) => strict.compile(schema));
    // answers hold stored OSV data and nothing internal, so there is nothing for a compiled serializer to
    // filter out: the response schemas serve the OpenAPI document, and JSON.stringify writes these large,
    // loosely typed bodies faster (a 1,000-query batch answer: 1.4 ms against 2.0 ms)
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
    app.setErrorHandler((error, request, reply) => {
      const problem = problemOf(error);
      if (problem.status >= 500) request.log.error({ err: error }, "request failed");
      return reply.code(problem.status).type("application/json").send(grpcStatusOf(problem));
    });

    app.post(
      "/v1/query",
      {
        config: { access },
        schema: {
          tags: TAGS,
          summary: "Vulnerabilities of a package version (or of a package, without a version)",
          security,
          body: OsvQuerySchema,
          response: { 200: OsvQueryResponseSchema, ...ERRORS },
        },
      },
      async (request) => {
        const parsed = parseOsvQuery(request.body);
        return osvAnswer(await answerQuery(reader, parsed, limits.perQuery));
      },
    );

    app.post(
      "/v1/querybatch",
      {
        config: { access },
        schema: {
          tags: TAGS,
          summary: "Ids and modified times of the vulnerabilities of up to 1,000 queries",
          security,
          body: OsvBatchRequestSchema,
          response: { 200: OsvBatchResponseSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        // the whole batch is refused when one query is bad, as api.osv.dev does
        const parsed = request.body.queries.map((q, i) => parseOsvQuery(q, `queries[${i}].`));
        const answers = await answerBatch(reader, parsed, limits);
        // serialised here (the response schema documents it) and sent as bytes: encoded once, not measured
        // and then encoded again on the way out as a string of hundreds of kilobytes would be
        return reply.type("application/json").send(batchBody(answers) as never);
      },
    );

    app.get(
      "/v1/vulns/:id",
      {
        config: { access },
        schema: {
          tags: TAGS,
          summary: "One OSV record by its id",
          security,
          params: VulnIdParamsSchema,
          response: { 200: OsvRecordSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { id } = request.params;
        const record = await reader.get(id);
        if (record) return record;
        // as api.osv.dev does, point at the records that carry the id as an alias
        const aliases = (await reader.recordsAbout(id)).map((r) => r.id).filter((other) => other !== id);
        throw new OsvApiError(
          aliases.length > 0
            ? `Bug not found, but the following aliases were: ${aliases.join(" ")}`
            : `Bug not found: no record ${id}`,
          { code: "INPUT_NOT_FOUND", details: { id, ...(aliases.length > 0 ? { aliases } : {}) } },
        );
      },
    );
  };
}
