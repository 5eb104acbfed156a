import { createPublicKey, type KeyObject } from "node:crypto";
import { VerificationFailure } from "./errors.js";
import { readJsonFile } from "./json-input.js";
import { PINNED_NPM_KEYS_PATH } from "./trusted-root.js";

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

const cache = new Map<string, RegistryKey[]>();

/**
 * Reads npm registry keys in the TUF target format (`{keys:[{keyId, keyUsage, publicKey:{rawBytes,
 * validFor}}]}`) or the registry's `/-/npm/v1/keys` format (`{keys:[{keyid, key, expires}]}`, usable for
 * both purposes). Defaults to the pinned copy in assets/.
 */
export function loadRegistryKeys(path: string = PINNED_NPM_KEYS_PATH): RegistryKey[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const keys = parseRegistryKeys(readJsonFile(path, "npm registry keys"), path);
  cache.set(path, keys);
  return keys;
}

/** Converts a parsed keys document (see `loadRegistryKeys`). */
export function parseRegistryKeys(json: unknown, source: string): RegistryKey[] {
  const list = (json as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new VerificationFailure("registry-keys", `${source} has no "keys" list`);
  const keys: RegistryKey[] = [];
  for (const [i, entry] of list.entries()) {
    const e = entry as Record<string, any>;
    try {
      if (typeof e.keyId === "string" && e.publicKey?.rawBytes) {
        keys.push({
          keyId: e.keyId,
          usage: e.keyUsage,
          publicKey: createPublicKey({ key: Buffer.from(e.publicKey.rawBytes, "base64"), format: "der", type: "spki" }),
          validFrom: new Date(e.publicKey.validFor?.start ?? 0),
          validUntil: e.publicKey.validFor?.end ? new Date(e.publicKey.validFor.end) : undefined,
        });
      } else if (typeof e.keyid === "string" && typeof e.key === "string") {
        const publicKey = createPublicKey({ key: Buffer.from(e.key, "base64"), format: "der", type: "spki" });
        const validUntil = e.expires ? new Date(e.expires) : undefined;
        for (const usage of ["npm:signatures", "npm:attestations"] as const) {
          keys.push({ keyId: e.keyid, usage, publicKey, validFrom: new Date(0), validUntil });
        }
      } else {
        throw new Error("neither {keyId, publicKey.rawBytes} nor {keyid, key}");
      }
    } catch (error) {
      throw new VerificationFailure("registry-keys", `${source}: key ${i} is unusable: ${(error as Error).message}`);
    }
  }
  return keys;
}

/** The registry key with this id and usage, or undefined. */
export function findRegistryKey(keys: RegistryKey[], keyId: string, usage: RegistryKeyUsage): RegistryKey | undefined {
  return keys.find((k) => k.keyId === keyId && k.usage === usage);
}

/** Whether a key was valid at `date` (its window's end is inclusive). */
export function registryKeyValidAt(key: RegistryKey, date: Date): boolean {
  return key.validFrom <= date && (key.validUntil === undefined || date <= key.validUntil);
}
