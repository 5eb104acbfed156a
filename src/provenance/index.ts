/**
 * Signatures and provenance: offline verification of Sigstore bundles, npm attestations and registry
 * signatures; creation of keys, signed bundles, in-toto attestations and SLSA provenance.
 */
export {
  type ArtifactDigest,
  type BundleVerification,
  type BundleVerifyOptions,
  fixedKey,
  parseBundle,
  verifyBundle,
} from "./bundle-verify.js";
export type { CertificateIdentity, IdentityPolicy } from "./certificate-identity.js";
export { ProvenanceError, VerificationFailure } from "./errors.js";
export {
  type VerifyBundleRequest,
  type VerifyNpmRequest,
  verifyBundleFile,
  verifyNpmFiles,
  verifyRegistrySignatureFile,
} from "./file-use-cases.js";
export { generateKeyPair, KEY_TYPES, type KeyType, keyHint, loadPrivateKey, loadPublicKey } from "./keys.js";
export {
  NPM_PUBLISH_PREDICATE,
  type NpmProvenanceVerification,
  verifyNpmAttestations,
} from "./npm-attestations.js";
export {
  checkCiIssuer,
  type NpmProvenancePolicy,
  TRUSTED_BUILDER_REPOSITORIES,
} from "./npm-provenance-policy.js";
export { type RegistryKey, readRegistryKeys } from "./npm-registry-keys.js";
export { readNpmTarball } from "./npm-tarball.js";
export {
  attestationFileCandidates,
  type FetchLike,
  type PackageProvenance,
  type PackagesProvenanceOptions,
  type ProvenanceStatus,
  type ProvenanceSummary,
  verifyPackagesProvenance,
} from "./package-provenance.js";
export { registryVersionFrom, verifyRegistrySignatures } from "./registry-signatures.js";
export { signArtifact, signEnvelope, signStatement, statementFor, subjectFor } from "./signing.js";
export { type BuildDescription, buildProvenanceStatement } from "./slsa-provenance.js";
export { type InTotoStatement, parseStatement } from "./statement.js";
export {
  refreshedTrustFiles,
  type Trust,
  type TrustPaths,
  TrustStore,
  type TrustStoreOptions,
} from "./trust.js";
export { type TrustUpdate, type TrustUpdateOptions, updateTrust } from "./trust-update.js";
export {
  type LoadedTrustedRoot,
  PINNED_NPM_KEYS_PATH,
  PINNED_TRUSTED_ROOT_PATH,
  parseTrustedRoot,
  readTrustedRoot,
} from "./trusted-root.js";
