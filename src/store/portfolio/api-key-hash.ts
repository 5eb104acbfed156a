import { createHash } from "node:crypto";

/**
 * What the store keeps of an API key: its SHA-256, hex. Keys are high-entropy random strings (at least 128
 * bits), so a plain hash is enough: there is nothing to brute-force that a slow hash would protect.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}
