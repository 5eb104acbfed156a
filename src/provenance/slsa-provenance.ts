import { ProvenanceError } from "./errors.js";
import { statementFor, subjectFor } from "./signing.js";
import { SLSA_PROVENANCE_V1 } from "./slsa-facts.js";
import type { InTotoStatement } from "./statement.js";

/** Build type Bulwark records when the caller names none. */
export const DEFAULT_BUILD_TYPE = "https://bulwark.dev/provenance/generic/v1";

/** What the caller knows about a build. */
export interface BuildDescription {
  builderId: string;
  /** Source repository URI (`git+https://github.com/o/r` or `https://github.com/o/r`). */
  sourceUri: string;
  /** `sha1:HEX` (git commit) or `gitCommit:HEX` or `sha256:HEX`. */
  sourceDigest?: string;
  sourceRef?: string;
  buildType?: string;
  invocationId?: string;
  startedOn?: Date;
  finishedOn?: Date;
}

/**
 * An SLSA Provenance v1 statement for build outputs: one subject per file with SHA-256 and SHA-512, the
 * source as external parameter and resolved dependency, the builder and run metadata.
 */
export function buildProvenanceStatement(
  outputs: { name: string; bytes: Buffer }[],
  build: BuildDescription,
): InTotoStatement {
  if (outputs.length === 0) throw new ProvenanceError("provenance needs at least one build output file");
  const dependency: { uri: string; digest?: Record<string, string> } = {
    uri: `${build.sourceUri.startsWith("git+") ? "" : "git+"}${build.sourceUri}${build.sourceRef ? `@${build.sourceRef}` : ""}`,
  };
  if (build.sourceDigest) dependency.digest = parseSourceDigest(build.sourceDigest);
  const metadata: Record<string, string> = {};
  if (build.invocationId) metadata.invocationId = build.invocationId;
  if (build.startedOn) metadata.startedOn = build.startedOn.toISOString();
  if (build.finishedOn) metadata.finishedOn = build.finishedOn.toISOString();
  const predicate = {
    buildDefinition: {
      buildType: build.buildType ?? DEFAULT_BUILD_TYPE,
      externalParameters: {
        source: { uri: build.sourceUri, ...(build.sourceRef ? { ref: build.sourceRef } : {}) },
      },
      internalParameters: {},
      resolvedDependencies: [dependency],
    },
    runDetails: { builder: { id: build.builderId }, metadata },
  };
  const subjects = outputs.map((o) => subjectFor(o.name, o.bytes, ["sha256", "sha512"]));
  return statementFor(subjects, SLSA_PROVENANCE_V1, predicate);
}

function parseSourceDigest(value: string): Record<string, string> {
  const match = /^(sha1|gitCommit|sha256|sha512):([0-9a-fA-F]+)$/.exec(value);
  if (!match) {
    throw new ProvenanceError(`source digest ${JSON.stringify(value)} is not ALGORITHM:HEX`, {
      hint: "e.g. sha1:0123abcd… (a git commit)",
    });
  }
  const algorithm = match[1] === "sha1" ? "gitCommit" : (match[1] as string);
  return { [algorithm]: (match[2] as string).toLowerCase() };
}
