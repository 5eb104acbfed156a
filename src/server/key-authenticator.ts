import { randomBytes } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { LruCache } from "../advisories/lru-cache.js";
import { hashApiKey } from "../store/portfolio/api-key-hash.js";
import type { ApiKey, ApiKeyRepository } from "../store/portfolio/ports.js";
import type { Authenticator, Principal } from "./auth.js";
import type { RequestMark } from "./change-marks.js";

/** A new API key: `bwk_` and 32 random bytes (256 bits) in base64url. Shown once; only its hash is stored. */
export function newApiKey(): string {
  return `bwk_${randomBytes(32).toString("base64url")}`;
}

/** A key's last use is recorded at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves bearer keys against the store's API keys (by hash; revoked keys refused) and records their use,
 * at most once a minute per key so busy keys do not turn reads into writes. A key read is kept until the
 * store's change mark moves (a revocation is a write), so a busy key costs no query.
 */
export function keyAuthenticator(
  keys: ApiKeyRepository,
  clock: () => Date,
  changeMark: RequestMark,
): Authenticator {
  // when this instance last recorded each key's use: within the minute the store would not change anyway,
  // so a busy key's requests skip the write statement
  const touched = new LruCache<number, number>(10_000);
  const read = new LruCache<string, { mark: string; key: ApiKey }>(10_000);
  const byHash = async (hash: string, request: FastifyRequest): Promise<ApiKey | undefined> => {
    const mark = await changeMark(request);
    const known = read.get(hash);
    if (known?.mark === mark) return known.key;
    const key = await keys.byHash(hash);
    if (key) read.set(hash, { mark, key });
    return key;
  };
  return {
    async authenticate(secret: string, request: FastifyRequest): Promise<Principal | undefined> {
      if (!/^bwk_[A-Za-z0-9_-]{20,100}$/.test(secret)) return undefined;
      const key = await byHash(hashApiKey(secret), request);
      if (!key || key.revokedAt) return undefined;
      const now = clock();
      if (now.getTime() - (touched.get(key.id) ?? Number.NEGATIVE_INFINITY) >= TOUCH_INTERVAL_MS) {
        await keys.touch(key.id, now.toISOString(), TOUCH_INTERVAL_MS);
        touched.set(key.id, now.getTime());
      }
      return { keyId: String(key.id), name: key.name, role: key.role, projects: key.projectPatterns };
    },
  };
}
