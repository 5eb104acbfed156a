import { randomBytes } from "node:crypto";
import { hashApiKey } from "../store/portfolio/api-key-hash.js";
import type { ApiKeyRepository } from "../store/portfolio/ports.js";
import type { Authenticator, Principal } from "./auth.js";

/** A new API key: `bwk_` and 32 random bytes (256 bits) in base64url. Shown once; only its hash is stored. */
export function newApiKey(): string {
  return `bwk_${randomBytes(32).toString("base64url")}`;
}

/** A key's last use is recorded at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves bearer keys against the store's API keys (by hash; revoked keys refused) and records their use,
 * at most once a minute per key so busy keys do not turn reads into writes.
 */
export function keyAuthenticator(keys: ApiKeyRepository, clock: () => Date): Authenticator {
  // when this instance last recorded each key's use: within the minute the store would not change anyway,
  // so a busy key's requests skip the write statement (bounded: forgotten wholesale past 10,000 keys)
  const touched = new Map<number, number>();
  return {
    async authenticate(secret: string): Promise<Principal | undefined> {
      if (!/^bwk_[A-Za-z0-9_-]{20,100}$/.test(secret)) return undefined;
      const key = await keys.byHash(hashApiKey(secret));
      if (!key || key.revokedAt) return undefined;
      const now = clock();
      if (now.getTime() - (touched.get(key.id) ?? Number.NEGATIVE_INFINITY) >= TOUCH_INTERVAL_MS) {
        await keys.touch(key.id, now.toISOString(), TOUCH_INTERVAL_MS);
        if (touched.size >= 10_000) touched.clear();
        touched.set(key.id, now.getTime());
      }
      return { keyId: String(key.id), name: key.name, role: key.role, projects: key.projectPatterns };
    },
  };
}
