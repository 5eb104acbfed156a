import { basename } from "node:path";
import { type BundleVerification, fixedKey, verifyBundle } from "./bundle-verify.js";
import type { IdentityPolicy } from "./certificate-identity.js";
import { ProvenanceError } from "./errors.js";
import { MAX_JSON_BYTES, parseJsonInput, readInputFile, readJsonFile } from "./json-input.js";
import { loadPrivateKey, loadPublicKey } from "./keys.js";
import { type NpmProvenanceVerification, verifyNpmAttestations } from "./npm-attestations.js";
import type { NpmProvenancePolicy } from "./npm-provenance-policy.js";
import { readNpmTarball } from "./npm-tarball.js";
import {
  type RegistrySignatureVerification,
  registryVersionFrom,
  verifyRegistrySignatures,
} from "./registry-signatures.js";
import { signArtifact, signStatement, statementFor, subjectFor } from "./signing.js";
import { type BuildDescription, buildProvenanceStatement } from "./slsa-provenance.js";
import type { InTotoStatement } from "./statement.js";
import { resolveTrust } from "./trust.js";

/** Inputs of `bulwark verify bundle`, as paths and flags. */
export interface VerifyBundleRequest {
  bundle: string;
  artifact?: string;
  /** `sha256:HEX`. */
  digest?: string;
  trustedRoot?: string;
  key?: string;
  identity?: IdentityPolicy;
}

/**
 * Verifies a bundle file. Certificate-signed bundles need an identity policy (an identity or pattern and
 * an issuer): verifying "signed by anyone Fulcio knows" proves nothing, so it is refused as a usage error.
 */
export function verifyBundleFile(request: VerifyBundleRequest): BundleVerification {
  if (request.artifact && request.digest)
    throw new ProvenanceError("give either an artifact or --digest, not both");
  const trust = resolveTrust({ trustedRootPath: request.trustedRoot });
  const json = parseJsonInput(readInputFile(request.bundle, "bundle", MAX_JSON_BYTES), request.bundle);
  const material =
    (json as { verificationMaterial?: Record<string, unknown> } | null)?.verificationMaterial ?? {};
  const certificateSigned = !("publicKey" in material);
  const identity = request.identity ?? {};
  if (
    certificateSigned &&
    !request.key &&
    ((!identity.subject && !identity.subjectPattern) || !identity.issuer)
  ) {
    throw new ProvenanceError(
      `${request.bundle} is signed by a certificate: say whose signature you expect`,
      {
        hint: "give --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer",
      },
    );
  }
  return verifyBundle(json, request.bundle, {
    trustedRoot: trust.trustedRoot.root,
    artifact: request.artifact ? readInputFile(request.artifact, "artifact") : undefined,
    digest: request.digest ? parseDigest(request.digest) : undefined,
    keys: request.key ? fixedKey(loadPublicKey(request.key)) : undefined,
    identity: certificateSigned ? identity : undefined,
  });
}

/** Parses `sha256:HEX`. */
export function parseDigest(value: string): { algorithm: "sha256"; hex: string } {
  const match = /^sha256:([0-9a-fA-F]{64})$/.exec(value);
  if (!match?.[1])
    throw new ProvenanceError(`--digest ${JSON.stringify(value)} is not sha256:<64 hex digits>`);
  return { algorithm: "sha256", hex: match[1].toLowerCase() };
}

/** Inputs of `bulwark verify npm`. */
export interface VerifyNpmRequest extends NpmProvenancePolicy {
  tarball: string;
  attestations: string;
  trustedRoot?: string;
  registryKeys?: string;
  /** Override the name and version read from the tarball's package.json. */
  packageName?: string;
  packageVersion?: string;
}

/** Verifies an npm tarball against its attestations file. */
export function verifyNpmFiles(request: VerifyNpmRequest): NpmProvenanceVerification {
  const trust = resolveTrust({
    trustedRootPath: request.trustedRoot,
    registryKeysPath: request.registryKeys,
  });
  const identity = readNpmTarball(readInputFile(request.tarball, "tarball"), request.tarball);
  const pkg = {
    ...identity,
    name: request.packageName ?? identity.name,
    version: request.packageVersion ?? identity.version,
  };
  const json = readJsonFile(request.attestations, "attestations");
  return verifyNpmAttestations(json, request.attestations, pkg, request, {
    trustedRoot: trust.trustedRoot.root,
    registryKeys: trust.registryKeys,
  });
}

/** Verifies the `dist.signatures` of a version document or packument file. */
export function verifyRegistrySignatureFile(request: {
  metadata: string;
  version?: string;
  registryKeys?: string;
}): RegistrySignatureVerification & { name: string; version: string } {
  const trust = resolveTrust({ registryKeysPath: request.registryKeys });
  const version = registryVersionFrom(
    readJsonFile(request.metadata, "registry metadata"),
    request.metadata,
    request.version,
  );
  return {
    ...verifyRegistrySignatures(version, trust.registryKeys, request.metadata),
    name: version.name,
    version: version.version,
  };
}

/** `bulwark sign`: a message-signature bundle for a file. */
export function signFile(file: string, keyPath: string): unknown {
  return signArtifact(readInputFile(file, "file"), loadPrivateKey(keyPath));
}

/** `bulwark attest`: a DSSE bundle holding an in-toto statement about a file. */
export function attestFile(
  file: string,
  keyPath: string,
  predicateType: string,
  predicatePath: string,
): unknown {
  const predicate = readJsonFile(predicatePath, "predicate");
  const statement = statementFor(
    [subjectFor(basename(file), readInputFile(file, "file"))],
    predicateType,
    predicate,
  );
  return signStatement(statement, loadPrivateKey(keyPath));
}

/** `bulwark provenance`: the SLSA v1 statement for build outputs (signing is the caller's choice). */
export function provenanceForFiles(files: string[], build: BuildDescription): InTotoStatement {
  return buildProvenanceStatement(
    files.map((file) => ({ name: basename(file), bytes: readInputFile(file, "build output") })),
    build,
  );
}

/** Signs a statement with a key file. */
export function signStatementWithKeyFile(statement: InTotoStatement, keyPath: string): unknown {
  return signStatement(statement, loadPrivateKey(keyPath));
}
