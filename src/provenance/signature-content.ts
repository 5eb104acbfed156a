import { createHash } from "node:crypto";
import type { Envelope, MessageSignature, TransparencyLogEntry } from "@sigstore/bundle";
import { crypto, dsse } from "@sigstore/core";
import type { SignedEntity } from "@sigstore/verify";
import { verifyPrehashed } from "./prehashed-signature.js";

type SignatureContent = SignedEntity["signature"];

const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();

/**
 * The signed content of a DSSE bundle. Unlike the library's version it also accepts a log entry that
 * records SHA-256 of the pre-authentication encoding: Rekor v2 logs DSSE envelopes as "hashedrekord over
 * DSSE" (kind hashedrekord 0.0.2, digest = H(PAE(type, payload))), which the library compares to H(payload).
 */
export class DsseContent implements SignatureContent {
  readonly signature: Buffer;
  private readonly payloadDigest: Buffer;
  private readonly paeDigest?: Buffer;

  constructor(envelope: Envelope, tlogEntries: TransparencyLogEntry[]) {
    this.envelope = envelope;
    this.signature = envelope.signatures[0]?.sig ?? Buffer.alloc(0);
    this.payloadDigest = sha256(envelope.payload);
    if (tlogEntries.some((entry) => entry.kindVersion.kind === "hashedrekord")) {
      this.paeDigest = sha256(this.preAuthEncoding);
    }
  }

  private readonly envelope: Envelope;

  private get preAuthEncoding(): Buffer {
    return dsse.preAuthEncoding(this.envelope.payloadType, this.envelope.payload);
  }

  compareDigest(digest: Buffer): boolean {
    return (
      crypto.bufferEqual(digest, this.payloadDigest) ||
      (this.paeDigest !== undefined && crypto.bufferEqual(digest, this.paeDigest))
    );
  }

  compareSignature(signature: Buffer): boolean {
    return crypto.bufferEqual(signature, this.signature);
  }

  verifySignature(key: crypto.KeyObject): boolean {
    return crypto.verify(this.preAuthEncoding, key, this.signature);
  }
}

/**
 * The signed content of a message-signature bundle when only the artifact's SHA-256 digest is known: the
 * digest must equal the bundle's message digest and the signature is checked over the digest itself.
 */
export class MessageDigestContent implements SignatureContent {
  readonly signature: Buffer;
  private readonly messageDigest: Buffer;

  constructor(
    messageSignature: MessageSignature,
    private readonly artifactDigest: Buffer,
  ) {
    this.signature = messageSignature.signature;
    this.messageDigest = messageSignature.messageDigest?.digest ?? artifactDigest;
  }

  compareDigest(digest: Buffer): boolean {
    return crypto.bufferEqual(digest, this.messageDigest) && crypto.bufferEqual(digest, this.artifactDigest);
  }

  compareSignature(signature: Buffer): boolean {
    return crypto.bufferEqual(signature, this.signature);
  }

  verifySignature(key: crypto.KeyObject): boolean {
    return (
      crypto.bufferEqual(this.messageDigest, this.artifactDigest) &&
      verifyPrehashed(key, this.artifactDigest, this.signature)
    );
  }
}

/** Node's digest name for signing or verifying with a key: Ed25519 hashes internally and takes none. */
export function signingDigest(key: crypto.KeyObject): string | undefined {
  return key.asymmetricKeyType === "ed25519" || key.asymmetricKeyType === "ed448" ? undefined : "sha256";
}

/**
 * The signed content of a message-signature bundle with the artifact at hand. Unlike the library's version
 * it verifies Ed25519 signatures too (the library always passes a digest name, which Ed25519 refuses).
 */
export class MessageContent implements SignatureContent {
  readonly signature: Buffer;
  private readonly messageDigest: Buffer;

  constructor(
    messageSignature: MessageSignature,
    private readonly artifact: Buffer,
  ) {
    this.signature = messageSignature.signature;
    this.messageDigest = messageSignature.messageDigest?.digest ?? sha256(artifact);
  }

  compareDigest(digest: Buffer): boolean {
    return crypto.bufferEqual(digest, this.messageDigest);
  }

  compareSignature(signature: Buffer): boolean {
    return crypto.bufferEqual(signature, this.signature);
  }

  verifySignature(key: crypto.KeyObject): boolean {
    return crypto.verify(this.artifact, key, this.signature, signingDigest(key));
  }
}
