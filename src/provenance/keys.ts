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

/** Generates an ECDSA P-256 or Ed25519 key pair. */
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

/** Reads a PEM or DER public key file (an SPKI public key or a certificate's key); errors name the file. */
export function loadPublicKey(path: string): KeyObject {
  const bytes = readInputFile(path, "public key", 1024 * 1024);
  return parsePublicKey(bytes, path);
}

/** Parses public key bytes (PEM or DER SPKI), rejecting anything else with a reason naming `source`. */
export function parsePublicKey(bytes: Buffer, source: string): KeyObject {
  try {
    const text = bytes.toString("utf8");
    if (text.includes("-----BEGIN")) {
      if (text.includes("PRIVATE KEY")) {
        throw new ProvenanceError(`${source} is a private key; give the public key`, {
          hint: "use the .pub file written by `bulwark keys generate`",
        });
      }
      return createPublicKey(text);
    }
    return createPublicKey({ key: bytes, format: "der", type: "spki" });
  } catch (error) {
    if (error instanceof ProvenanceError) throw error;
    throw new ProvenanceError(`${source} is not a readable public key: ${(error as Error).message}`, {
      hint: "expected a PEM 'PUBLIC KEY' (SPKI) file",
    });
  }
}

/** Reads a PEM private key (PKCS#8, SEC1 or PKCS#1) that can sign: ECDSA P-256/P-384, Ed25519 or RSA. */
export function loadPrivateKey(path: string): KeyObject {
  const bytes = readInputFile(path, "private key", 1024 * 1024);
  let key: KeyObject;
  try {
    key = createPrivateKey(bytes);
  } catch (error) {
    throw new ProvenanceError(`${path} is not a readable private key: ${(error as Error).message}`, {
      hint: "create one with `bulwark keys generate --type ecdsa-p256 --out PREFIX`",
    });
  }
  if (!["ec", "ed25519", "rsa"].includes(key.asymmetricKeyType ?? "")) {
    throw new ProvenanceError(`${path} is a ${key.asymmetricKeyType} key, which cannot sign bundles`, {
      hint: "use an ECDSA P-256, Ed25519 or RSA key",
    });
  }
  return key;
}
