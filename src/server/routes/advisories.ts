import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Type } from "typebox";
import { importIntoPortfolio } from "../../portfolio/monitor.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { ErrorResponses, ImportAnswerSchema, ProblemSchema } from "../schemas.js";
import type { ServerMetrics } from "./metrics.js";

const MEDIA = {
  json: ["application/json"],
  yaml: ["application/yaml", "text/yaml"],
  zip: ["application/zip"],
};

/**
 * `POST /api/v1/advisories` (admin): an OSV record, an array of records (JSON or YAML), or a zip of them
 * (osv.dev's all.zip) — read with `bulwark db import`'s validation and bomb/traversal limits — imported, and the
 * portfolio re-matched where the records touch it. Answers what changed.
 */
export function advisoryRoutes(ctx: ServerContext, metrics: ServerMetrics) {
  return (app: App) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      [...MEDIA.json, ...MEDIA.yaml, ...MEDIA.zip],
      { parseAs: "buffer", bodyLimit: ctx.uploadLimitBytes },
      (_r, body, done) => done(null, body),
    );
    app.post(
      "/api/v1/advisories",
      {
        config: { access: "admin" },
        bodyLimit: ctx.uploadLimitBytes,
        // the body arrives as raw bytes (a Buffer) for the importer: its schema documents it, ajv cannot check it
        validatorCompiler: () => () => true,
        schema: {
          summary: "Import OSV records and re-match the portfolio",
          description:
            "The body is one OSV record or an array (JSON or YAML), or a zip archive of records (application/zip).",
          // no `type`: the body arrives as a Buffer, which a "string" schema refuses (400 "body must be string")
          body: Type.Unsafe<Buffer>({ description: "the records (binary)" }),
          response: { 200: ImportAnswerSchema, 413: ProblemSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const type = String(request.headers["content-type"] ?? "")
          .split(";")[0]!
          .trim()
          .toLowerCase();
        const extension = MEDIA.zip.includes(type) ? "zip" : MEDIA.yaml.includes(type) ? "yaml" : "json";
        const dir = await mkdtemp(join(tmpdir(), "bulwark-advisories-"));
        try {
          const file = join(dir, `upload.${extension}`);
          await writeFile(file, request.body as Buffer);
          const stop = metrics.importSeconds.startTimer();
          const answer = await importIntoPortfolio(ctx.portfolio, [file], {
            source: `upload by ${request.principal!.name}`,
            by: request.principal!.name,
          });
          stop();
          return {
            ...answer,
            invalid: answer.invalid.map((i) => ({ ...i, file: i.file.replace(file, "upload") })),
          };
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    );
  };
}
