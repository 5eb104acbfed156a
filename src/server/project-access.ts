import type { FastifyRequest } from "fastify";
import { BulwarkError } from "../model/errors.js";
import type { PortfolioStore, Project } from "../store/portfolio/ports.js";
import { inScope } from "./access.js";

/**
 * The project a request names, if the caller may see it. A project outside the key's scope answers exactly
 * like one that does not exist (404), so project names do not leak.
 */
export async function visibleProject(
  store: PortfolioStore,
  request: FastifyRequest,
  name: string,
): Promise<Project> {
  const project = await store.projects.get(name);
  if (!project || !inScope(request.principal?.projects ?? [], name))
    throw new BulwarkError("INPUT_NOT_FOUND", `no project named ${JSON.stringify(name)}`, {
      details: { project: name },
    });
  return project;
}

/** A 404 problem for something the request names. */
export function notFound(what: string, details: Record<string, unknown> = {}): BulwarkError {
  return new BulwarkError("INPUT_NOT_FOUND", what, { details });
}

/** The key's project patterns as a store filter (undefined: every project). */
export function scopeFilter(request: FastifyRequest): readonly string[] | undefined {
  const patterns = request.principal?.projects ?? [];
  return patterns.length ? patterns : undefined;
}

/** Refuses a write to a project outside the key's scope, exactly as if it did not exist (404). */
export function assertInScope(request: FastifyRequest, name: string): void {
  if (!inScope(request.principal?.projects ?? [], name))
    throw new BulwarkError("INPUT_NOT_FOUND", `no project named ${JSON.stringify(name)}`, {
      details: { project: name },
    });
}
