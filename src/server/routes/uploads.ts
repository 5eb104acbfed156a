import { Type } from "typebox";
import { ingestUpload } from "../../portfolio/ingest.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import { assertInScope } from "../project-access.js";
import { ErrorResponses, ProblemSchema, ProjectNameParams, UploadAnswerSchema } from "../schemas.js";
import { uploadRejected } from "../upload-rejected.js";
import { projectView, snapshotView } from "../views.js";
import type { ServerMetrics } from "./metrics.js";

/** Media types an upload may be sent as; the document's format is recognised from its content. */
export const UPLOAD_MEDIA_TYPES = [
  "application/json",
  "application/vnd.cyclonedx+json",
  "application/spdx+json",
  "application/xml",
  "text/xml",
  "application/vnd.cyclonedx+xml",
  "text/spdx",
  "text/plain",
];

/**
 * `POST /api/v1/projects/{name}/uploads[?version=]`: a CycloneDX, SPDX or Bulwark inventory document becomes
 * the project version's new snapshot (the project is created on first upload). 201 with what changed; 400
 * naming what is wrong with a malformed body (nothing stored); 413 over the size limit.
 */
export function uploadRoutes(ctx: ServerContext, metrics: ServerMetrics) {
  return (app: App) => {
    // The raw text: the portfolio reads it with the same readers as `bulwark scan --sbom`.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      UPLOAD_MEDIA_TYPES,
      { parseAs: "string", bodyLimit: ctx.uploadLimitBytes },
      (_r, body, done) => done(null, body),
    );
    app.post(
      "/api/v1/projects/:name/uploads",
      {
        config: { access: "write" },
        bodyLimit: ctx.uploadLimitBytes,
        // A refused document is an `upload.rejected` event for notifications.
        onError: uploadRejected(ctx),
        schema: {
          summary: "Upload a project's SBOM or inventory",
          description:
            "The body is CycloneDX (JSON or XML), SPDX (JSON or tag-value) or `bulwark inventory --format json` output, recognised from its content.",
          params: ProjectNameParams,
          querystring: Type.Object({ version: Type.Optional(Type.String({ maxLength: 100 })) }),
          body: Type.String({ description: "the document" }),
          response: { 201: UploadAnswerSchema, 413: ProblemSchema, ...ErrorResponses },
        },
      },
      async (request, reply) => {
        assertInScope(request, request.params.name);
        const stop = metrics.uploadSeconds.startTimer();
        const answer = await ingestUpload(ctx.portfolio, {
          project: request.params.name,
          version: request.query.version ?? "",
          body: request.body,
          uploadedBy: request.principal!.name,
        });
        stop();
        return reply.code(201).send({
          project: projectView(answer.project),
          snapshot: snapshotView(answer.snapshot),
          components: answer.components,
          findings: answer.findings,
        });
      },
    );
  };
}
