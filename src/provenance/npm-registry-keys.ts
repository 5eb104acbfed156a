import { createPublicKey, type KeyObject } from "node:crypto";
import { ProvenanceError, reasonOf } from "./errors.js";
import { readJsonFile } from "./json-input.js";
import { at, stringAt } from "./json-path.js";

/** What a registry key may be used for (npm's keys.json `keyUsage`). */
export type RegistryKeyUsage = "npm:signatures" | "npm:attestations";

/** One npm registry public key with its validity window. */
export interface RegistryKey {
  keyId: string;
  usage: RegistryKeyUsage;
  publicKey: KeyObject;
  validFrom: Date;
  /** Absent while the key is current. */
  validUntil?: Date;
}

/**
 * Reads npm registry keys in the TUF target format (`{keys:[{keyId, keyUsage, publicKey:{rawBytes,
 * validFor}}]}`) or the registry's `/-/npm/v1/keys` format (`{keys:[{keyid, key, expires}]}`, usable for
 * both purposes), e.g. the pinned copy PINNED_NPM_KEYS_PATH.
 */
export async function readRegistryKeys(path: string): Promise<RegistryKey[]> {
  return parseRegistryKeys(await readJsonFile(path, "npm registry keys", "input"), path);
}

/**
 * Converts a parsed keys document (see `readRegistryKeys`). Keys are what verification is done with, not
 * evidence: an unusable document is a ProvenanceError, not a rejection.
 */
export function parseRegistryKeys(json: unknown, source: string): RegistryKey[] {
  const list = at(json, "keys");
  if (!Array.isArray(list)) throw new ProvenanceError(`${source} has no "keys" list`);
  return list.flatMap((entry, i) => {
    try {
      return parseKey(entry);
    } catch (error) {
      throw new ProvenanceError(`${source}: key ${i} is unusable: ${reasonOf(error)}`);
    }
  });
}

function parseKey(entry: unknown): RegistryKey[] {
  const tufKeyId = stringAt(entry, "keyId");
  const rawBytes = stringAt(entry, "publicKey", "rawBytes");
  if (tufKeyId && rawBytes) {
    const end = stringAt(entry, "publicKey", "validFor", "end");
    const usage = stringAt(entry, "keyUsage");
    if (usage !== "npm:signatures" && usage !== "npm:attestations")
      throw new Error(`unknown keyUsage ${JSON.stringify(usage)}`);
    return [
      {
        keyId: tufKeyId,
        usage,
        publicKey: spki(rawBytes),
        validFrom: new Date(stringAt(entry, "publicKey", "validFor", "start") ?? 0),
        validUntil: end ? new Date(end) : undefined,
      },
    ];
  }
  const apiKeyId = stringAt(entry, "keyid");
  const apiKey = stringAt(entry, "key");
  if (apiKeyId && apiKey) {
    const expires = stringAt(entry, "expires");
    const publicKey = spki(apiKey);
    return (["npm:signatures", "npm:attestations"] as const).map((usage) => ({
      keyId: apiKeyId,
      usage,
      publicKey,
      validFrom: new Date(0),
      validUntil: expires ? new Date(expires) : undefined,
    }));
  }
  throw new Error("neither {keyId, publicKey.rawBytes} nor {keyid, key}");
}

function spki(base64: string): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(base64, "base64"), format: "der", type: "spki" });
  } catch {
    throw new Error("its public key is not a base64 DER SPKI key");
  }
}

/** The registry key with this id and usage, or undefined. */
export function findRegistryKey(
  keys: RegistryKey[],
  keyId: string,
  usage: RegistryKeyUsage,
): RegistryKey | undefined {
  return keys.find((k) => k.keyId === keyId && k.usage === usage);
}

/** Whether a key was valid at `date` (its window's end is inclusive). */
export function registryKeyValidAt(key: RegistryKey, date: Date): boolean {
  return key.validFrom <= date && (key.validUntil === undefined || date <= key.validUntil);
}
