import { basename } from "node:path";
import { type BundleVerification, fixedKey, verifyBundle } from "./bundle-verify.js";
import type { IdentityPolicy } from "./certificate-identity.js";
import { ProvenanceError } from "./errors.js";
import { readInputFile, readJsonFile } from "./json-input.js";
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
import type { TrustStore } from "./trust.js";

/** Inputs of `bulwark verify bundle`, as paths and flags. */
export interface VerifyBundleRequest {
  bundle: string;
  artifact?: string;
  /** `sha256:HEX`. */
  digest?: string;
  /** DSSE bundles only: verify the envelope without an artifact (its subjects are then not checked). */
  envelopeOnly?: boolean;
  trustedRoot?: string;
  key?: string;
  identity?: IdentityPolicy;
}

/**
 * Verifies a bundle file. Certificate-signed bundles need an identity policy (an identity or pattern and
 * an issuer): verifying "signed by anyone Fulcio knows" proves nothing, so it is refused as a usage error
 * (ProvenanceError with `details.need` "identity"), like a missing artifact or key (see BundleVerifyOptions).
 */
export async function verifyBundleFile(
  request: VerifyBundleRequest,
  trust: TrustStore,
): Promise<BundleVerification> {
  const digest = request.digest !== undefined ? parseDigest(request.digest) : undefined;
  const json = await readJsonFile(request.bundle, "bundle");
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
        details: { need: "identity" },
        hint: "give the signer's identity (exact, or a pattern) and its OIDC issuer",
      },
    );
  }
  // One input after the other, so that the first problem reported is always the same one.
  const key = request.key !== undefined ? await loadPublicKey(request.key) : undefined;
  const trustedRoot = await trust.trustedRoot(request.trustedRoot);
  const artifact =
    request.artifact !== undefined ? await readInputFile(request.artifact, "artifact") : undefined;
  return verifyBundle(json, request.bundle, {
    trustedRoot,
    artifact,
    digest,
    envelopeOnly: request.envelopeOnly,
    keys: key ? fixedKey(key) : undefined,
    identity: certificateSigned ? identity : undefined,
  });
}

/** Parses `sha256:HEX`. */
export function parseDigest(value: string): { algorithm: "sha256"; hex: string } {
  const match = /^sha256:([0-9a-fA-F]{64})$/.exec(value);
  if (!match?.[1]) throw new ProvenanceError(`digest ${JSON.stringify(value)} is not sha256:<64 hex digits>`);
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
export async function verifyNpmFiles(
  request: VerifyNpmRequest,
  trust: TrustStore,
): Promise<NpmProvenanceVerification> {
  const material = await trust.resolve({
    trustedRootPath: request.trustedRoot,
    registryKeysPath: request.registryKeys,
  });
  const json = await readJsonFile(request.attestations, "attestations");
  const identity = await readNpmTarball(await readInputFile(request.tarball, "tarball"), request.tarball);
  const pkg = {
    ...identity,
    name: request.packageName ?? identity.name,
    version: request.packageVersion ?? identity.version,
  };
  return verifyNpmAttestations(json, request.attestations, pkg, request, {
    trustedRoot: material.trustedRoot,
    registryKeys: material.registryKeys,
  });
}

/** Verifies the `dist.signatures` of a version document or packument file. */
export async function verifyRegistrySignatureFile(
  request: { metadata: string; version?: string; registryKeys?: string },
  trust: TrustStore,
): Promise<RegistrySignatureVerification & { name: string; version: string }> {
  const keys = await trust.registryKeys(request.registryKeys);
  const metadata = await readJsonFile(request.metadata, "registry metadata");
  const version = registryVersionFrom(metadata, request.metadata, request.version);
  return {
    ...verifyRegistrySignatures(version, keys.keys, request.metadata),
    name: version.name,
    version: version.version,
  };
}

/** `bulwark sign`: a message-signature bundle for a file. */
export async function signFile(file: string, keyPath: string): Promise<unknown> {
  const key = await loadPrivateKey(keyPath);
  return signArtifact(await readInputFile(file, "file"), key);
}

/** `bulwark attest`: a DSSE bundle holding an in-toto statement about a file. */
export async function attestFile(
  file: string,
  keyPath: string,
  predicateType: string,
  predicatePath: string,
): Promise<unknown> {
  const key = await loadPrivateKey(keyPath);
  const predicate = await readJsonFile(predicatePath, "predicate", "input");
  const artifact = await readInputFile(file, "file");
  const statement = statementFor([subjectFor(basename(file), artifact)], predicateType, predicate);
  return signStatement(statement, key);
}

/** `bulwark provenance`: the SLSA v1 statement for build outputs (signing is the caller's choice). */
export async function provenanceForFiles(files: string[], build: BuildDescription): Promise<InTotoStatement> {
  const outputs: { name: string; bytes: Buffer }[] = [];
  for (const file of files)
    outputs.push({ name: basename(file), bytes: await readInputFile(file, "build output") });
  return buildProvenanceStatement(outputs, build);
}

/** Signs a statement with a key file. */
export async function signStatementWithKeyFile(
  statement: InTotoStatement,
  keyPath: string,
): Promise<unknown> {
  return signStatement(statement, await loadPrivateKey(keyPath));
}
