import { VerificationFailure } from "./errors.js";
import { at, stringAt } from "./json-path.js";
import type { InTotoStatement } from "./statement.js";

/** SLSA provenance predicate types read by Bulwark. */
export const SLSA_PROVENANCE_V02 = "https://slsa.dev/provenance/v0.2";
export const SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";

/** What a SLSA provenance statement says about where and how an artifact was built. */
export interface ProvenanceFacts {
  predicateType: string;
  builderId: string;
  /** Source repository, normalised to `host/owner/repo`. */
  sourceRepository?: string;
  sourceRef?: string;
  sourceDigest?: string;
  /** Workflow file within the repository (`.github/workflows/release.yml`). */
  workflowPath?: string;
}

/**
 * Reads builder, source repository, ref, commit and workflow from SLSA provenance v0.2
 * (`invocation.configSource`) or v1 (`buildDefinition.externalParameters.workflow`, `resolvedDependencies`).
 */
export function provenanceFacts(statement: InTotoStatement, source: string): ProvenanceFacts {
  const predicate = statement.predicate;
  if (typeof predicate !== "object" || predicate === null) {
    throw new VerificationFailure("provenance", `${source}: provenance has no predicate`);
  }
  if (statement.predicateType === SLSA_PROVENANCE_V02) {
    const config = at(predicate, "invocation", "configSource");
    const [repository, ref] = splitGitUri(stringAt(config, "uri"));
    return requireBuilder(
      {
        predicateType: statement.predicateType,
        builderId: stringAt(predicate, "builder", "id"),
        sourceRepository: repository,
        sourceRef: ref,
        sourceDigest: stringAt(config, "digest", "sha1"),
        workflowPath: workflowPath(stringAt(config, "entryPoint")),
      },
      source,
    );
  }
  if (statement.predicateType === SLSA_PROVENANCE_V1) {
    const workflow = at(predicate, "buildDefinition", "externalParameters", "workflow");
    const dependency = at(predicate, "buildDefinition", "resolvedDependencies", 0);
    const [depRepository, depRef] = splitGitUri(stringAt(dependency, "uri"));
    return requireBuilder(
      {
        predicateType: statement.predicateType,
        builderId: stringAt(predicate, "runDetails", "builder", "id"),
        sourceRepository: normaliseRepository(stringAt(workflow, "repository")) ?? depRepository,
        sourceRef: stringAt(workflow, "ref") ?? depRef,
        sourceDigest: stringAt(dependency, "digest", "gitCommit") ?? stringAt(dependency, "digest", "sha1"),
        workflowPath: workflowPath(stringAt(workflow, "path")),
      },
      source,
    );
  }
  throw new VerificationFailure(
    "provenance",
    `${source}: unsupported provenance predicate type ${JSON.stringify(statement.predicateType)}`,
  );
}

function requireBuilder(
  facts: Partial<ProvenanceFacts> & { predicateType: string },
  source: string,
): ProvenanceFacts {
  if (typeof facts.builderId !== "string" || facts.builderId === "") {
    throw new VerificationFailure("provenance", `${source}: provenance names no builder id`);
  }
  return facts as ProvenanceFacts;
}

/** `git+https://github.com/o/r@refs/heads/main` -> [`github.com/o/r`, `refs/heads/main`]. */
export function splitGitUri(uri: unknown): [string | undefined, string | undefined] {
  if (typeof uri !== "string") return [undefined, undefined];
  const at = uri.lastIndexOf("@");
  const hasRef = at > uri.indexOf("://");
  return [normaliseRepository(hasRef ? uri.slice(0, at) : uri), hasRef ? uri.slice(at + 1) : undefined];
}

/** Normalises a repository reference to `host/owner/repo`: no scheme, no `git+`, no `.git`, no trailing slash. */
export function normaliseRepository(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  return value
    .replace(/^git\+/, "")
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/, "")
    .toLowerCase();
}

/** `.github/workflows/x.yml` from `o/r/.github/workflows/x.yml@refs/heads/main` or the path itself. */
export function workflowPath(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const withoutRef = value.replace(/@[^@]*$/, "");
  const index = withoutRef.indexOf(".github/workflows/");
  return index >= 0 ? withoutRef.slice(index) : withoutRef;
}
