import type { Bundle } from "@sigstore/bundle";
import { type Purl, parsePurl } from "../purl/index.js";
import { parseBundle, verifyParsedBundle } from "./bundle-verify.js";
import type { CertificateIdentity } from "./certificate-identity.js";
import { VerificationFailure } from "./errors.js";
import {
  checkCiIssuer,
  checkPolicy,
  checkSourceConsistency,
  type NpmProvenancePolicy,
} from "./npm-provenance-policy.js";
import { findRegistryKey, type RegistryKey, registryKeyValidAt } from "./npm-registry-keys.js";
import type { NpmTarballIdentity } from "./npm-tarball.js";
import {
  type ProvenanceFacts,
  provenanceFacts,
  SLSA_PROVENANCE_V1,
  SLSA_PROVENANCE_V02,
} from "./slsa-facts.js";
import {
  IN_TOTO_PAYLOAD_TYPE,
  type InTotoStatement,
  parseStatement,
  requireSubjectDigest,
} from "./statement.js";
import type { LoadedTrustedRoot } from "./trusted-root.js";

/** Predicate type of the npm registry's publish attestation. */
export const NPM_PUBLISH_PREDICATE = "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";

/** Trust material for npm verification. */
export interface NpmTrust {
  trustedRoot: LoadedTrustedRoot;
  registryKeys: RegistryKey[];
}

/** The verified facts of an npm package's attestations. */
export interface NpmProvenanceVerification {
  package: { name: string; version: string; sha512Hex: string };
  provenance: ProvenanceFacts & { signer: CertificateIdentity };
  publish: { keyId: string; signedAt?: Date };
}

interface AttestationEntry {
  predicateType: string;
  bundle: unknown;
}

/**
 * Verifies an npm package's attestations as slsa-verifier does: both the SLSA provenance (v0.2 or v1) and
 * the npm publish attestation must be present and verify; the provenance certificate's repository, ref and
 * commit must agree with the statement, its signer must be a workflow of that repository or a trusted
 * builder; the publish attestation must be signed by the registry key its keyid names, valid when it was
 * logged; both statements' subjects must be `pkg:npm/NAME@VERSION` with the tarball's sha512; the publish
 * predicate must name the same package. Throws a VerificationFailure with the precise reason.
 */
export function verifyNpmAttestations(
  json: unknown,
  source: string,
  pkg: NpmTarballIdentity,
  policy: NpmProvenancePolicy,
  trust: NpmTrust,
): NpmProvenanceVerification {
  const entries = attestationEntries(json, source);
  const provenanceEntry = entries.find(
    (e) => e.predicateType === SLSA_PROVENANCE_V1 || e.predicateType === SLSA_PROVENANCE_V02,
  );
  const publishEntry = entries.find((e) => e.predicateType === NPM_PUBLISH_PREDICATE);
  const found = entries.map((e) => e.predicateType).join(", ") || "none";
  if (!provenanceEntry)
    throw new VerificationFailure(
      "attestations",
      `${source}: no SLSA provenance attestation (found: ${found})`,
    );
  if (!publishEntry)
    throw new VerificationFailure("attestations", `${source}: no npm publish attestation (found: ${found})`);

  const provSource = `${source} provenance attestation`;
  const pubSource = `${source} publish attestation`;
  const provBundle = parseBundle(provenanceEntry.bundle, provSource);
  const pubBundle = parseBundle(publishEntry.bundle, pubSource);
  // Cheap structural and binding checks first, so a tampered attestation is reported by what is wrong
  // with it; every check still has to pass, and the signatures are verified below.
  rejectKeyidOnKeyless(provBundle, provSource);
  const keyId = publishKeyId(pubBundle, pubSource);
  const provStatement = envelopeStatement(provBundle, provenanceEntry.predicateType, provSource);
  const pubStatement = envelopeStatement(pubBundle, NPM_PUBLISH_PREDICATE, pubSource);
  checkSubject(provStatement, pkg, provSource);
  checkSubject(pubStatement, pkg, pubSource);
  const predicate = pubStatement.predicate as { name?: unknown; version?: unknown } | undefined;
  if (predicate?.name !== pkg.name || predicate?.version !== pkg.version) {
    throw new VerificationFailure(
      "package",
      `${pubSource} is for ${String(predicate?.name)}@${String(predicate?.version)}, not ${pkg.name}@${pkg.version}`,
    );
  }
  const facts = provenanceFacts(provStatement, provSource);

  if (provBundle.verificationMaterial.content.$case === "publicKey")
    throw new VerificationFailure("provenance", `${provSource} is not signed by a Sigstore certificate`);
  // Both envelopes are verified alone: their subjects were checked against the tarball above.
  const prov = verifyParsedBundle(provBundle, provSource, {
    trustedRoot: trust.trustedRoot,
    envelopeOnly: true,
  });
  if (prov.signer.kind !== "certificate")
    throw new VerificationFailure("provenance", `${provSource} is not signed by a Sigstore certificate`);
  const pub = verifyParsedBundle(pubBundle, pubSource, {
    trustedRoot: trust.trustedRoot,
    envelopeOnly: true,
    keys: registryKeyFinder(trust.registryKeys, keyId, pubSource),
    // The registry key's validity window is checked at the log time: without a log entry it could not be.
    requireTransparencyLog: true,
  });
  checkCiIssuer(prov.signer.identity, provSource);
  checkSourceConsistency(facts, prov.signer.identity, provSource);
  checkPolicy(facts, prov.signer.identity, policy, provSource);
  return {
    package: pkg,
    provenance: { ...facts, signer: prov.signer.identity },
    publish: { keyId, signedAt: pub.timestamps[0] },
  };
}

function attestationEntries(json: unknown, source: string): AttestationEntry[] {
  const list = Array.isArray(json) ? json : (json as { attestations?: unknown } | null)?.attestations;
  if (!Array.isArray(list)) {
    throw new VerificationFailure(
      "attestations",
      `${source} is not an npm attestations document (expected {"attestations": [...]})`,
    );
  }
  return list.map((entry, i) => {
    const e = entry as Partial<AttestationEntry> | null;
    if (typeof e?.predicateType !== "string" || typeof e.bundle !== "object" || e.bundle === null) {
      throw new VerificationFailure(
        "attestations",
        `${source}: attestation ${i} has no predicateType or bundle`,
      );
    }
    return e as AttestationEntry;
  });
}

/** The in-toto statement of a DSSE bundle, checked for payload type and for the attestation's predicate type. */
function envelopeStatement(bundle: Bundle, predicateType: string, source: string): InTotoStatement {
  if (bundle.content.$case !== "dsseEnvelope")
    throw new VerificationFailure("statement", `${source} is not a DSSE attestation`);
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new VerificationFailure(
      "statement",
      `${source}: payload type ${JSON.stringify(envelope.payloadType)} is not ${IN_TOTO_PAYLOAD_TYPE}`,
    );
  }
  const statement = parseStatement(envelope.payload, source);
  if (statement.predicateType !== predicateType) {
    throw new VerificationFailure(
      "statement",
      `${source}: statement predicate type ${JSON.stringify(statement.predicateType)} differs from the attestation's ${JSON.stringify(predicateType)}`,
    );
  }
  return statement;
}

/** Every subject must be the package itself: `pkg:npm/NAME@VERSION` with the tarball's sha512. */
function checkSubject(statement: InTotoStatement, pkg: NpmTarballIdentity, source: string): void {
  requireSubjectDigest(statement, "sha512", pkg.sha512Hex, source);
  for (const subject of statement.subject) {
    let purl: Purl;
    try {
      purl = parsePurl(subject.name);
    } catch {
      throw new VerificationFailure(
        "subject",
        `${source}: subject name ${JSON.stringify(subject.name)} is not a package URL`,
      );
    }
    const name = purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
    if (purl.type !== "npm" || name !== pkg.name || purl.version !== pkg.version) {
      throw new VerificationFailure(
        "subject",
        `${source}: subject ${subject.name} is not ${pkg.name}@${pkg.version}`,
      );
    }
    if (subject.digest.sha512?.toLowerCase() !== pkg.sha512Hex) {
      throw new VerificationFailure(
        "subject",
        `${source}: subject ${subject.name} has sha512 ${subject.digest.sha512 ?? "(none)"}, the tarball has ${pkg.sha512Hex}`,
      );
    }
  }
}

/** A keyless (certificate) signature must not claim a registry key id: such an envelope is not what npm publishes. */
function rejectKeyidOnKeyless(bundle: Bundle, source: string): void {
  const keyid = envelopeKeyId(bundle);
  if (keyid) {
    throw new VerificationFailure(
      "key",
      `${source} names signing key ${JSON.stringify(keyid)}, but provenance is signed keylessly by a certificate`,
    );
  }
}

function publishKeyId(bundle: Bundle, source: string): string {
  const keyid = envelopeKeyId(bundle);
  if (!keyid)
    throw new VerificationFailure(
      "key",
      `${source}: the envelope signature names no keyid, so no registry key can be chosen`,
    );
  const material = bundle.verificationMaterial.content;
  if (material.$case !== "publicKey")
    throw new VerificationFailure("key", `${source} is not signed with a registry key`);
  const hint = material.publicKey.hint;
  if (hint !== undefined && hint !== keyid) {
    throw new VerificationFailure(
      "key",
      `${source}: envelope keyid ${keyid} differs from the bundle's key hint ${hint}`,
    );
  }
  return keyid;
}

function envelopeKeyId(bundle: Bundle): string | undefined {
  const keyid =
    bundle.content.$case === "dsseEnvelope" ? bundle.content.dsseEnvelope.signatures[0]?.keyid : undefined;
  return keyid ? keyid : undefined;
}

function registryKeyFinder(keys: RegistryKey[], keyId: string, source: string) {
  return () => {
    const key = findRegistryKey(keys, keyId, "npm:attestations");
    if (!key) {
      throw new VerificationFailure(
        "key",
        `${source} is signed with key ${keyId}, which is not an npm registry attestation key`,
        {
          hint: "npm may have rotated its keys: refresh the trust material",
        },
      );
    }
    return { publicKey: key.publicKey, validFor: (date: Date) => registryKeyValidAt(key, date) };
  };
}
