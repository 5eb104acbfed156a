/** Who may have built an npm package, and the caller's expectations of the build. */
import type { CertificateIdentity } from "./certificate-identity.js";
import { VerificationFailure } from "./errors.js";
import { normaliseRepository, type ProvenanceFacts } from "./slsa-facts.js";

/**
 * Repositories whose reusable workflows are trusted to sign provenance for builds of other repositories
 * (the SLSA GitHub generator, as slsa-verifier trusts it). Any other signer must be a workflow of the
 * source repository itself.
 */
export const TRUSTED_BUILDER_REPOSITORIES = ["github.com/slsa-framework/slsa-github-generator"];

/** OIDC issuers of the CI platforms npm accepts provenance from (GitHub Actions, GitLab CI). */
export const NPM_PROVENANCE_ISSUERS = ["https://token.actions.githubusercontent.com", "https://gitlab.com"];

/** The provenance certificate must come from a CI platform's identity, not a person's e-mail login. */
export function checkCiIssuer(cert: CertificateIdentity, source: string): void {
  if (!cert.issuer || !NPM_PROVENANCE_ISSUERS.includes(cert.issuer)) {
    throw new VerificationFailure(
      "identity",
      `${source}: certificate issued by ${cert.issuer ?? "(no issuer)"}, not by a CI platform npm provenance comes from (${NPM_PROVENANCE_ISSUERS.join(", ")})`,
    );
  }
}

/** What the caller expects of the build (all optional; each given one must match). */
export interface NpmProvenancePolicy {
  /** `github.com/ORG/REPO` (scheme and `.git` ignored). */
  sourceUri?: string;
  /** Builder id; without `@…` it matches any version of that builder. */
  builderId?: string;
  /** Full ref (`refs/tags/v1.0.0`) or a tag or branch name (`v1.0.0`). */
  sourceRef?: string;
}

/**
 * The certificate (what the CI platform vouches for) and the statement (what the build claims) must agree:
 * repository, ref and commit; and the signer must be a workflow of that repository (the workflow the
 * provenance names) or a trusted builder at the builder id's ref.
 */
export function checkSourceConsistency(
  facts: ProvenanceFacts,
  cert: CertificateIdentity,
  source: string,
): void {
  const certRepository = normaliseRepository(cert.sourceRepositoryUri);
  if (!certRepository)
    throw new VerificationFailure("identity", `${source}: the certificate records no source repository`);
  if (facts.sourceRepository !== certRepository) {
    throw new VerificationFailure(
      "source",
      `${source}: provenance source ${facts.sourceRepository ?? "(none)"} differs from the certificate's repository ${certRepository}`,
    );
  }
  if (cert.sourceRepositoryRef && facts.sourceRef && cert.sourceRepositoryRef !== facts.sourceRef) {
    throw new VerificationFailure(
      "source",
      `${source}: provenance ref ${facts.sourceRef} differs from the certificate's ref ${cert.sourceRepositoryRef}`,
    );
  }
  if (
    cert.sourceRepositoryDigest &&
    facts.sourceDigest &&
    cert.sourceRepositoryDigest !== facts.sourceDigest
  ) {
    throw new VerificationFailure(
      "source",
      `${source}: provenance commit ${facts.sourceDigest} differs from the certificate's commit ${cert.sourceRepositoryDigest}`,
    );
  }
  const signer = cert.subjectAlternativeName ?? "";
  const signerRepository = normaliseRepository(signer.replace(/\/\.github\/workflows\/.*$/, ""));
  if (signerRepository === certRepository) {
    const signerWorkflow = signer.replace(/^.*?\/(\.github\/workflows\/[^@]*).*$/, "$1");
    if (facts.workflowPath && facts.workflowPath !== signerWorkflow) {
      throw new VerificationFailure(
        "identity",
        `${source}: signed by workflow ${signerWorkflow}, but the provenance names ${facts.workflowPath}`,
      );
    }
    return;
  }
  if (!signerRepository || !TRUSTED_BUILDER_REPOSITORIES.includes(signerRepository)) {
    throw new VerificationFailure(
      "identity",
      `${source}: signed by ${signer || "(no identity)"}, which is neither a workflow of ${certRepository} nor a trusted builder`,
    );
  }
  const builderRepository = normaliseRepository(facts.builderId.replace(/\/\.github\/workflows\/.*$/, ""));
  const refOf = (id: string) => id.slice(id.lastIndexOf("@") + 1);
  if (builderRepository !== signerRepository || refOf(facts.builderId) !== refOf(signer)) {
    throw new VerificationFailure(
      "builder",
      `${source}: builder ${facts.builderId} is not the trusted builder that signed (${signer})`,
    );
  }
}

/** Checks the caller's expectations (source, builder, ref) against the verified facts. */
export function checkPolicy(
  facts: ProvenanceFacts,
  cert: CertificateIdentity,
  policy: NpmProvenancePolicy,
  source: string,
): void {
  if (policy.sourceUri !== undefined) {
    const expected = normaliseRepository(policy.sourceUri);
    const actual = normaliseRepository(cert.sourceRepositoryUri);
    if (expected !== actual) {
      throw new VerificationFailure("source", `${source}: built from ${actual}, expected ${expected}`);
    }
  }
  if (policy.builderId !== undefined) {
    const expected = policy.builderId;
    const actual = expected.includes("@") ? facts.builderId : facts.builderId.replace(/@[^@]*$/, "");
    if (actual !== expected)
      throw new VerificationFailure(
        "builder",
        `${source}: built by ${facts.builderId}, expected ${expected}`,
      );
  }
  if (policy.sourceRef !== undefined) {
    const ref = facts.sourceRef ?? cert.sourceRepositoryRef;
    const wanted = policy.sourceRef;
    const matches = ref === wanted || ref === `refs/tags/${wanted}` || ref === `refs/heads/${wanted}`;
    if (!matches)
      throw new VerificationFailure(
        "source",
        `${source}: built from ref ${ref ?? "(unknown)"}, expected ${wanted}`,
      );
  }
}
