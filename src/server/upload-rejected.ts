import type { FastifyReply, FastifyRequest } from "fastify";
import { inScope } from "./access.js";
import type { ServerContext } from "./context.js";
import { problemOf } from "./problem.js";

// What the document's sender got wrong: these refusals are worth telling a project's owners about. Auth,
// scope and server failures are not (a key without rights learns nothing; a 500 is the server's problem).
const REJECTIONS = new Set([400, 413, 415, 422]);

/**
 * A route `onError` hook for uploads: a refused document appends an `upload.rejected` event (project, version,
 * key and the reason) to the outbox, so notification rules can tell the project's owners that CI sent
 * something Bulwark could not read. Never fails the answer: the refusal is answered whatever happens here.
 */
export function uploadRejected(ctx: ServerContext) {
  return async (
    request: FastifyRequest<{ Params: { name: string }; Querystring: { version?: string } }>,
    _reply: FastifyReply,
    error: Error,
  ): Promise<void> => {
    const problem = problemOf(error);
    const principal = request.principal;
    const name = request.params?.name;
    if (!REJECTIONS.has(problem.status) || !principal || typeof name !== "string") return;
    if (!inScope(principal.projects, name)) return;
    try {
      const { store, clock } = ctx.portfolio;
      const project = await store.projects.get(name);
      await store.events.append([
        {
          type: "upload.rejected",
          occurredAt: clock().toISOString(),
          ...(project ? { projectId: project.id } : {}),
          payload: {
            project: { name, tags: project?.tags ?? [] },
            version: request.query?.version ?? "",
            by: principal.name,
            code: problem.code,
            reason: problem.detail,
          },
        },
      ]);
    } catch (failure) {
      request.log.error({ err: failure }, "could not record the rejected upload");
    }
  };
}
