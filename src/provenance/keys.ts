import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { ProvenanceError } from "./errors.js";
import { readInputFile } from "./json-input.js";

/** Key types Bulwark generates and signs with. */
export const KEY_TYPES = ["ecdsa-p256", "ed25519"] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** A freshly generated key pair in PEM (PKCS#8 private key, SPKI public key). */
export interface GeneratedKeyPair {
  type: KeyType;
  privateKeyPem: string;
  publicKeyPem: string;
  /** The public key's hint as written into bundles (see `keyHint`). */
  hint: string;
}

/**
 * Generates an ECDSA P-256 or Ed25519 key pair. Synchronous on purpose: it is a few milliseconds of CPU,
 * not file or network I/O.
 */
export function generateKeyPair(type: KeyType): GeneratedKeyPair {
  const pair =
    type === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    type,
    privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
    hint: keyHint(pair.publicKey),
  };
}

/** The key hint Bulwark puts in bundles: base64 SHA-256 of the SPKI DER public key (as cosign does). */
export function keyHint(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("base64");
}

/** Largest key file read: keys and certificates are a few kilobytes. */
const MAX_KEY_BYTES = 1024 * 1024;

/** Reads a PEM or DER public key file (an SPKI public key or a certificate's key); errors name the file. */
export async function loadPublicKey(path: string): Promise<KeyObject> {
  const bytes = await readInputFile(path, "public key", { maxBytes: MAX_KEY_BYTES });
  return parsePublicKey(bytes, path);
}

/**
 * Parses public key bytes (PEM SPKI or certificate, or DER SPKI), rejecting anything else with our own
 * message naming `source` (OpenSSL's text is kept in `details.reason`, not shown as the message).
 */
export function parsePublicKey(bytes: Buffer, source: string): KeyObject {
  const text = bytes.toString("utf8");
  if (text.includes("-----BEGIN") && text.includes("PRIVATE KEY")) {
    throw new ProvenanceError(`${source} is a private key; give the public key`, {
      details: { path: source },
      hint: "use the .pub file written next to the private key",
    });
  }
  try {
    return text.includes("-----BEGIN")
      ? createPublicKey(text)
      : createPublicKey({ key: bytes, format: "der", type: "spki" });
  } catch (error) {
    throw new ProvenanceError(`${source} is not a public key that can be read`, {
      details: { path: source, reason: (error as Error).message },
      hint: "expected a PEM file with a PUBLIC KEY (SPKI) or CERTIFICATE block, or DER SPKI bytes",
    });
  }
}

/**
 * Reads an unencrypted PEM private key (PKCS#8, SEC1 or PKCS#1) that can sign: ECDSA P-256/P-384, Ed25519
 * or RSA. Errors are ours and name the file.
 */
export async function loadPrivateKey(path: string): Promise<KeyObject> {
  const bytes = await readInputFile(path, "private key", { maxBytes: MAX_KEY_BYTES });
  let key: KeyObject;
  try {
    key = createPrivateKey(bytes);
  } catch (error) {
    const encrypted = (error as NodeJS.ErrnoException).code === "ERR_MISSING_PASSPHRASE";
    throw new ProvenanceError(
      encrypted
        ? `${path} is an encrypted private key, which Bulwark cannot use`
        : `${path} is not a private key that can be read`,
      {
        details: { path, reason: (error as Error).message },
        hint: encrypted
          ? "decrypt it (e.g. openssl pkcs8 -topk8 -nocrypt) or generate a new key pair"
          : "expected a PEM PRIVATE KEY (PKCS#8), EC PRIVATE KEY or RSA PRIVATE KEY file",
      },
    );
  }
  if (!["ec", "ed25519", "rsa"].includes(key.asymmetricKeyType ?? "")) {
    throw new ProvenanceError(`${path} is a ${key.asymmetricKeyType} key, which cannot sign bundles`, {
      details: { path },
      hint: "use an ECDSA P-256, Ed25519 or RSA key",
    });
  }
  return key;
}
