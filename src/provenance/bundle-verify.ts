import { createHash, type KeyObject } from "node:crypto";
import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  type Bundle,
  bundleFromJSON,
  type Envelope,
} from "@sigstore/bundle";
import { X509Certificate } from "@sigstore/core";
import { type SignedEntity, type TrustMaterial, toSignedEntity, Verifier } from "@sigstore/verify";
import { BulwarkError } from "../model/errors.js";
import {
  type CertificateIdentity,
  certificateIdentity,
  checkIdentityPolicy,
  type IdentityPolicy,
} from "./certificate-identity.js";
import { ProvenanceError, reasonOf, VerificationFailure } from "./errors.js";
import { DsseContent, MessageContent, MessageDigestContent } from "./signature-content.js";
import {
  IN_TOTO_PAYLOAD_TYPE,
  type InTotoStatement,
  parseStatement,
  requireSubjectDigest,
  type StatementSubject,
} from "./statement.js";
import { checkTransparencyLogConsistency } from "./tlog-consistency.js";
import type { LoadedTrustedRoot } from "./trusted-root.js";

/** Bundle media types accepted (v0.1 to v0.3, both spellings of v0.3). */
export const BUNDLE_MEDIA_TYPES = [
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
] as const;

/** A digest of the artifact, when the artifact itself is not at hand. */
export interface ArtifactDigest {
  algorithm: "sha256";
  hex: string;
}

/** A key that may have signed a bundle, and when it was valid. */
export interface TrustedKey {
  publicKey: KeyObject;
  validFor(date: Date): boolean;
}

/** Finds the key named by a bundle's public-key hint, or throws a VerificationFailure. */
export type KeyFinder = (hint: string) => TrustedKey;

/**
 * What to verify a bundle against. What a bundle needs is decided by the bundle: a message signature needs
 * the artifact or its digest; a DSSE envelope needs them too unless `envelopeOnly`; a key-signed bundle
 * needs `keys`. A missing one is a ProvenanceError whose `details.need` says which ("artifact", "key"):
 * nothing was examined.
 */
export interface BundleVerifyOptions {
  trustedRoot: LoadedTrustedRoot;
  /** The signed artifact; for DSSE bundles, its SHA-256 must be a subject of the in-toto statement. */
  artifact?: Buffer;
  /** Alternative to `artifact`: its digest. */
  digest?: ArtifactDigest;
  /**
   * DSSE bundles without an artifact: verify the envelope's signature, log entries and signer only. The
   * statement's subjects are then not compared with anything (`artifactChecked: false` in the result):
   * for callers that check the subjects themselves, or that report exactly that.
   */
  envelopeOnly?: boolean;
  /** For key-signed bundles: the key to use (a fixed key via `fixedKey`, or a keyring lookup). */
  keys?: KeyFinder;
  /** Identity the certificate must carry (certificate-signed bundles). */
  identity?: IdentityPolicy;
  /**
   * Require a transparency-log entry and a timestamp even for key-signed bundles (certificate-signed
   * bundles always need them). Set for keys whose validity window matters, like the npm registry's.
   */
  requireTransparencyLog?: boolean;
}

/** The facts established by a successful verification. */
export interface BundleVerification {
  mediaType: string;
  content: "message-signature" | "dsse";
  signer:
    | { kind: "certificate"; identity: CertificateIdentity; certificate: X509Certificate }
    | { kind: "public-key"; hint: string };
  /** Times the signature was proven to exist at (log integration times, RFC 3161 timestamps). */
  timestamps: Date[];
  transparencyLogEntries: number;
  /** DSSE only: the envelope's payload type, and the statement when it is in-toto. */
  payloadType?: string;
  statement?: InTotoStatement;
  /** The subject matched against the artifact, when an artifact or digest was given for a DSSE bundle. */
  matchedSubject?: StatementSubject;
  /**
   * Whether the artifact (or its digest) was checked: always for message signatures; for DSSE bundles only
   * when one was given (false with `envelopeOnly`: the envelope verified, its subjects were not compared).
   */
  artifactChecked: boolean;
}

/** Wraps one key as a finder that accepts any hint: the one key the caller expects the bundle to be signed with. */
export function fixedKey(publicKey: KeyObject): KeyFinder {
  return () => ({ publicKey, validFor: () => true });
}

/** Parses a bundle's JSON, rejecting unknown media types and structurally invalid bundles with the reason. */
export function parseBundle(json: unknown, source: string): Bundle {
  const mediaType = (json as { mediaType?: unknown } | null)?.mediaType;
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new VerificationFailure("bundle", `${source} is not a Sigstore bundle (not a JSON object)`);
  }
  if (!BUNDLE_MEDIA_TYPES.includes(mediaType as (typeof BUNDLE_MEDIA_TYPES)[number])) {
    throw new VerificationFailure(
      "bundle",
      `${source} has an unsupported bundle media type ${JSON.stringify(mediaType)}`,
      {
        hint: `supported: ${BUNDLE_MEDIA_TYPES.join(", ")}`,
      },
    );
  }
  try {
    return bundleFromJSON(json);
  } catch (error) {
    const fields = (error as { fields?: string[] }).fields;
    throw new VerificationFailure(
      "bundle",
      `${source} is not a valid bundle: ${reasonOf(error)}${fields?.length ? ` (${fields.join(", ")})` : ""}`,
    );
  }
}

/** The verifier's trust: the root's material (built once per root) with the caller's key finder. */
function trustMaterial(root: LoadedTrustedRoot, keys: KeyFinder | undefined): TrustMaterial {
  const refuse: KeyFinder = (hint) => {
    throw new VerificationFailure(
      "key",
      `the bundle names key ${JSON.stringify(hint)}, and no key was given`,
    );
  };
  return { ...root.material, publicKey: keys ?? refuse };
}

/**
 * The inputs this bundle needs, before anything is examined: a missing artifact or key, or contradictory
 * inputs, are the caller's mistake (ProvenanceError, `details.need` naming what is missing), not a rejection.
 */
function requireInputs(bundle: Bundle, source: string, options: BundleVerifyOptions): void {
  const given = options.artifact !== undefined || options.digest !== undefined;
  if (options.artifact && options.digest)
    throw new ProvenanceError("give either the artifact or its digest, not both", {
      details: { need: "one-artifact" },
    });
  if (bundle.content.$case === "messageSignature" && !given) {
    throw new ProvenanceError(
      `${source} signs an artifact directly: give the artifact or its sha256 digest`,
      {
        details: { need: "artifact" },
      },
    );
  }
  if (bundle.content.$case === "dsseEnvelope" && !given && !options.envelopeOnly) {
    throw new ProvenanceError(
      `${source} is a DSSE attestation: give the artifact or its sha256 digest so that the statement's subjects are checked against it, or ask for the envelope alone`,
      { details: { need: "artifact" } },
    );
  }
  if (given && options.envelopeOnly) {
    throw new ProvenanceError("give the artifact or ask for the envelope alone, not both", {
      details: { need: "one-artifact" },
    });
  }
  const material = bundle.verificationMaterial.content;
  if (material.$case === "publicKey" && !options.keys) {
    throw new ProvenanceError(
      `${source} is signed with a public key (hint ${JSON.stringify(material.publicKey.hint)}): give that key`,
      { details: { need: "key" } },
    );
  }
}

/**
 * Verifies a Sigstore bundle offline: structure, certificate chain to the trusted root (or the given key),
 * SCTs, transparency-log inclusion (SET or inclusion proof with signed checkpoint), timestamps, the
 * signature over the artifact or DSSE envelope, the identity policy, and for in-toto statements that the
 * artifact is one of the statement's subjects; transparency-log fields are checked against the signed
 * checkpoint and entry first (tlog-consistency.ts). Throws a VerificationFailure naming the failed check, or
 * a ProvenanceError when the bundle needs an input the options lack (see BundleVerifyOptions).
 */
export function verifyBundle(
  json: unknown,
  source: string,
  options: BundleVerifyOptions,
): BundleVerification {
  return verifyParsedBundle(parseBundle(json, source), source, options);
}

/** `verifyBundle` for a bundle already read with `parseBundle`. */
export function verifyParsedBundle(
  bundle: Bundle,
  source: string,
  options: BundleVerifyOptions,
): BundleVerification {
  requireInputs(bundle, source, options);
  rejectForeignRootInChain(bundle, options.trustedRoot, source);
  const material = bundle.verificationMaterial.content;
  if (material.$case !== "publicKey" && options.keys) {
    throw new VerificationFailure("key", `${source} is signed with a certificate, not with a key`, {
      hint: "a certificate-signed bundle is verified against the signer's identity and OIDC issuer",
    });
  }
  const entity = signedEntity(bundle, options, source);
  const keyOnly = material.$case === "publicKey" && !options.requireTransparencyLog;
  const trust = trustMaterial(options.trustedRoot, options.keys);
  checkTransparencyLogConsistency(bundle.verificationMaterial.tlogEntries, trust.tlogs, source);
  const verifier = new Verifier(trust, {
    // A bundle made offline with a managed key has no log entry or timestamp: the key alone is the trust.
    tlogThreshold: keyOnly ? 0 : 1,
    timestampThreshold: keyOnly ? 0 : 1,
  });
  try {
    verifier.verify(entity);
  } catch (error) {
    if (error instanceof BulwarkError) throw error;
    const code = (error as { code?: string }).code;
    throw new VerificationFailure(
      code ? code.toLowerCase() : "bundle",
      `${source}: ${describeLibraryError(error)}`,
    );
  }
  const result: BundleVerification = {
    mediaType: bundle.mediaType,
    content: bundle.content.$case === "dsseEnvelope" ? "dsse" : "message-signature",
    signer:
      entity.key.$case === "certificate"
        ? {
            kind: "certificate",
            identity: certificateIdentity(entity.key.certificate),
            certificate: entity.key.certificate,
          }
        : { kind: "public-key", hint: entity.key.hint },
    timestamps: timestampsOf(entity),
    transparencyLogEntries: entity.tlogEntries.length,
    artifactChecked: options.artifact !== undefined || options.digest !== undefined,
  };
  if (result.signer.kind === "certificate" && options.identity)
    checkIdentityPolicy(result.signer.identity, options.identity);
  if (bundle.content.$case === "dsseEnvelope")
    bindStatement(bundle.content.dsseEnvelope, result, options, source);
  return result;
}

/** Reads a DSSE bundle's in-toto statement and requires the artifact (when given) to be one of its subjects. */
function bindStatement(
  envelope: Envelope,
  result: BundleVerification,
  options: BundleVerifyOptions,
  source: string,
): void {
  result.payloadType = envelope.payloadType;
  const wanted = artifactDigest(options);
  if (envelope.payloadType === IN_TOTO_PAYLOAD_TYPE) {
    result.statement = parseStatement(envelope.payload, `${source} DSSE payload`);
    if (wanted)
      result.matchedSubject = requireSubjectDigest(
        result.statement,
        "sha256",
        wanted.toString("hex"),
        source,
      );
  } else if (wanted) {
    throw new VerificationFailure(
      "subject",
      `${source}: DSSE payload type ${JSON.stringify(envelope.payloadType)} is not an in-toto statement, so it cannot name the artifact`,
    );
  }
}

function artifactDigest(options: BundleVerifyOptions): Buffer | undefined {
  if (options.artifact) return createHash("sha256").update(options.artifact).digest();
  if (options.digest) return Buffer.from(options.digest.hex, "hex");
  return undefined;
}

function signedEntity(bundle: Bundle, options: BundleVerifyOptions, source: string): SignedEntity {
  const content = bundle.content;
  let entity: SignedEntity;
  try {
    if (content.$case === "messageSignature" && !options.artifact && options.digest) {
      entity = toSignedEntity(bundle, Buffer.alloc(0));
      entity.signature = new MessageDigestContent(
        content.messageSignature,
        Buffer.from(options.digest.hex, "hex"),
      );
    } else {
      entity = toSignedEntity(bundle, options.artifact);
      if (content.$case === "dsseEnvelope")
        entity.signature = new DsseContent(content.dsseEnvelope, bundle.verificationMaterial.tlogEntries);
      else if (options.artifact)
        entity.signature = new MessageContent(content.messageSignature, options.artifact);
    }
  } catch (error) {
    if (error instanceof VerificationFailure) throw error;
    throw new VerificationFailure("bundle", `${source}: cannot read bundle contents: ${reasonOf(error)}`);
  }
  if (content.$case === "messageSignature" && options.artifact && content.messageSignature.messageDigest) {
    const { algorithm, digest } = content.messageSignature.messageDigest;
    // 1 = SHA2_256 in the protobuf enum; other algorithms are left to the signature check.
    if (algorithm === 1 && !createHash("sha256").update(options.artifact).digest().equals(digest)) {
      throw new VerificationFailure(
        "digest",
        `${source}: the artifact's sha256 differs from the bundle's message digest`,
      );
    }
  }
  return entity;
}

/**
 * A bundle carries the leaf and intermediates; trust comes from the trusted root, so a self-signed root in
 * the chain is rejected (sigstore-conformance `bundle-with-root-cert_fail`) unless it is byte for byte one of
 * the trusted root's own certificates: the npm registry's v0.1 bundles carry the Fulcio root that way.
 */
function rejectForeignRootInChain(bundle: Bundle, root: LoadedTrustedRoot, source: string): void {
  const material = bundle.verificationMaterial.content;
  if (material.$case !== "x509CertificateChain") return;
  const trusted = root.root.certificateAuthorities
    .flatMap((ca) => ca.certChain?.certificates ?? [])
    .map((c) => Buffer.from(c.rawBytes));
  material.x509CertificateChain.certificates.forEach((entry, i) => {
    if (trusted.some((t) => t.equals(Buffer.from(entry.rawBytes)))) return;
    let cert: X509Certificate;
    try {
      cert = X509Certificate.parse(Buffer.from(entry.rawBytes));
    } catch (error) {
      throw new VerificationFailure(
        "certificate",
        `${source}: certificate ${i} of the chain cannot be parsed: ${reasonOf(error)}`,
      );
    }
    if (cert.isCA && cert.subject.equals(cert.issuer) && safeSelfVerify(cert)) {
      throw new VerificationFailure(
        "certificate",
        `${source}: certificate ${i} of the chain is a root that is not in the trusted root; roots must come from the trusted root`,
      );
    }
  });
}

function safeSelfVerify(cert: X509Certificate): boolean {
  try {
    return cert.verify();
  } catch {
    return false;
  }
}

/**
 * The verified times: RFC 3161 timestamps, and log integration times signed by an entry timestamp (SET).
 * A Rekor v2 entry's integratedTime is signed by nothing, so it is not a time the signature is proven at.
 */
function timestampsOf(entity: SignedEntity): Date[] {
  return entity.timestamps.flatMap((t) => {
    if (t.$case === "timestamp-authority") return [t.timestamp.signingTime];
    return t.tlogEntry.inclusionPromise ? [new Date(Number(t.tlogEntry.integratedTime) * 1000)] : [];
  });
}

function describeLibraryError(error: unknown): string {
  const message = reasonOf(error);
  if (error instanceof TypeError) return `malformed bundle (${message})`;
  return message;
}
