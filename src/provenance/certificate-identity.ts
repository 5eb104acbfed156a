import type { X509Certificate } from "@sigstore/core";
import { ProvenanceError, VerificationFailure } from "./errors.js";

/** Fulcio certificate extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md). */
const OID = {
  issuerV1: "1.3.6.1.4.1.57264.1.1",
  workflowSha: "1.3.6.1.4.1.57264.1.3",
  workflowRepository: "1.3.6.1.4.1.57264.1.5",
  workflowRef: "1.3.6.1.4.1.57264.1.6",
  issuerV2: "1.3.6.1.4.1.57264.1.8",
  buildSignerUri: "1.3.6.1.4.1.57264.1.9",
  sourceRepositoryUri: "1.3.6.1.4.1.57264.1.12",
  sourceRepositoryDigest: "1.3.6.1.4.1.57264.1.13",
  sourceRepositoryRef: "1.3.6.1.4.1.57264.1.14",
} as const;

/** Who a Fulcio certificate was issued to, and the CI facts it records. */
export interface CertificateIdentity {
  /** Subject alternative name: an e-mail or a workflow URI (`https://github.com/O/R/.github/workflows/x.yml@ref`). */
  subjectAlternativeName?: string;
  /** OIDC issuer that vouched for the identity. */
  issuer?: string;
  /** Repository the build ran from, as a URL (`https://github.com/O/R`). */
  sourceRepositoryUri?: string;
  /** Git ref the build ran on (`refs/tags/v1.0.0`). */
  sourceRepositoryRef?: string;
  /** Commit the build ran on. */
  sourceRepositoryDigest?: string;
  /** Workflow that signed (`https://github.com/O/R/.github/workflows/x.yml@ref`). */
  buildSignerUri?: string;
}

/**
 * Reads the identity of a Fulcio certificate. Newer extensions (…1.8 onwards) hold DER UTF8Strings; the
 * legacy GitHub ones (…1.1 to …1.6) hold raw text. Both generations are read so certificates from 2022
 * onwards give the same answers.
 */
export function certificateIdentity(cert: X509Certificate): CertificateIdentity {
  const legacyRepository = rawText(cert, OID.workflowRepository);
  return {
    subjectAlternativeName: cert.subjectAltName,
    issuer: derText(cert, OID.issuerV2) ?? rawText(cert, OID.issuerV1),
    sourceRepositoryUri:
      derText(cert, OID.sourceRepositoryUri) ??
      (legacyRepository ? `https://github.com/${legacyRepository}` : undefined),
    sourceRepositoryRef: derText(cert, OID.sourceRepositoryRef) ?? rawText(cert, OID.workflowRef),
    sourceRepositoryDigest: derText(cert, OID.sourceRepositoryDigest) ?? rawText(cert, OID.workflowSha),
    buildSignerUri: derText(cert, OID.buildSignerUri),
  };
}

function rawText(cert: X509Certificate, oid: string): string | undefined {
  return cert.extension(oid)?.value.toString("utf8");
}

function derText(cert: X509Certificate, oid: string): string | undefined {
  const extension = cert.extension(oid);
  if (!extension) return undefined;
  try {
    return extension.valueObj.subs[0]?.value.toString("utf8") ?? extension.valueObj.value.toString("utf8");
  } catch {
    return extension.value.toString("utf8");
  }
}

/** What the signer's certificate must say: an exact identity or a pattern, and the OIDC issuer. */
export interface IdentityPolicy {
  /** Exact subject alternative name. */
  subject?: string;
  /** Regular expression the subject alternative name must match (unanchored, like cosign). */
  subjectPattern?: string;
  /** Exact OIDC issuer. */
  issuer?: string;
}

/** Checks a certificate identity against a policy, failing with the expected and actual values. */
export function checkIdentityPolicy(identity: CertificateIdentity, policy: IdentityPolicy): void {
  const san = identity.subjectAlternativeName;
  if (policy.subject !== undefined && san !== policy.subject) {
    throw new VerificationFailure(
      "identity",
      `certificate identity is ${JSON.stringify(san)}, expected ${JSON.stringify(policy.subject)}`,
    );
  }
  if (policy.subjectPattern !== undefined) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(policy.subjectPattern);
    } catch (error) {
      // The caller's policy is wrong, not the evidence: nothing can be checked against it.
      throw new ProvenanceError(
        `the certificate identity pattern ${JSON.stringify(policy.subjectPattern)} is not a valid regular expression: ${(error as Error).message}`,
      );
    }
    if (san === undefined || !pattern.test(san)) {
      throw new VerificationFailure(
        "identity",
        `certificate identity ${JSON.stringify(san)} does not match /${policy.subjectPattern}/`,
      );
    }
  }
  if (policy.issuer !== undefined && identity.issuer !== policy.issuer) {
    throw new VerificationFailure(
      "identity",
      `certificate OIDC issuer is ${JSON.stringify(identity.issuer)}, expected ${JSON.stringify(policy.issuer)}`,
    );
  }
}
