import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { ApiKeyRepository, SettingRepository } from "../store/portfolio/ports.js";
import type { Principal } from "./auth.js";

// Sign-in sessions for the web dashboard. A session is not kept in any process's memory: it is a signed,
// expiring token `keyId.expiry.nonce.mac` held in an HttpOnly cookie, checked on every request against the
// shared secret and the key it was made from (revoking the key ends its sessions at once). Several server
// instances sharing one database accept each other's sessions as long as they share the secret.

/**
 * Where the HMAC secret of sessions comes from. Instances that must accept each other's sessions share one
 * implementation backed by the store (`storedSessionSecrets`); `memorySessionSecrets` serves tests.
 */
export interface SessionSecrets {
  /** The secret that signs and checks sessions (at least 32 bytes). */
  current(): Promise<Uint8Array>;
}

/** A secret held in this process's memory: random per process unless one is given. */
export function memorySessionSecrets(secret: Uint8Array = randomBytes(32)): SessionSecrets {
  if (secret.length < 32) throw new RangeError("a session secret needs at least 32 bytes");
  const copy = Uint8Array.from(secret);
  return { current: async () => copy };
}

/**
 * The secret kept in the store: made once (by whichever instance starts first) and read by every instance,
 * so sessions survive a restart and are accepted by every instance sharing the database.
 */
export function storedSessionSecrets(settings: SettingRepository): SessionSecrets {
  let secret: Promise<Uint8Array> | undefined;
  return {
    current() {
      secret ??= settings
        .getOrCreate("session-secret", () => randomBytes(32).toString("base64url"))
        .then((value) => Uint8Array.from(Buffer.from(value, "base64url")))
        .catch((error) => {
          secret = undefined; // a failing store is retried on the next request, not remembered
          throw error;
        });
      return secret;
    },
  };
}

/** The cookie holding the session token. */
export const SESSION_COOKIE = "bulwark_session";

/** The header a cookie-authenticated state-changing request must carry. */
export const CSRF_HEADER = "x-csrf-token";

/** Default session lifetime: a working day. */
export const DEFAULT_SESSION_TTL_MS = 8 * 3600_000;

const TOKEN = /^([1-9]\d{0,14})\.(\d{10,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: Uint8Array, purpose: string, text: string): string {
  // The purpose separates the two uses of the secret: a CSRF token can never pass as a session's MAC.
  return createHmac("sha256", secret).update(`${purpose}\u0000${text}`).digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A session token's content, once its signature is checked. */
export interface SessionClaims {
  keyId: number;
  /** Unix milliseconds (whole seconds). */
  expiresAt: number;
}

/**
 * A new session token for an API key, valid until `expiresAt` (Unix ms, rounded down to the second):
 * `keyId.expirySeconds.nonce.mac`, where the MAC is HMAC-SHA256 of the rest under the current secret.
 */
export async function issueSessionToken(
  secrets: SessionSecrets,
  keyId: number,
  expiresAt: number,
): Promise<string> {
  const body = `${keyId}.${Math.floor(expiresAt / 1000)}.${randomBytes(16).toString("base64url")}`;
  return `${body}.${mac(await secrets.current(), "session", body)}`;
}

/** The claims of a token whose signature holds and which has not expired at `now` (Unix ms). */
export async function verifySessionToken(
  secrets: SessionSecrets,
  token: string,
  now: number,
): Promise<SessionClaims | undefined> {
  const parts = TOKEN.exec(token);
  if (!parts) return undefined;
  const body = token.slice(0, token.lastIndexOf("."));
  if (!sameText(mac(await secrets.current(), "session", body), parts[4]!)) return undefined;
  const expiresAt = Number(parts[2]) * 1000;
  if (expiresAt <= now) return undefined;
  return { keyId: Number(parts[1]), expiresAt };
}

/** The CSRF token of a session: an HMAC of the session token, so it needs no storage either. */
export async function csrfTokenFor(secrets: SessionSecrets, token: string): Promise<string> {
  return mac(await secrets.current(), "csrf", token);
}

/** Whether a presented CSRF token is the session's (constant-time). */
export function csrfMatches(expected: string, presented: string | undefined): boolean {
  return typeof presented === "string" && sameText(expected, presented);
}

/**
 * Resolves a session token to the principal of the key it was made from: the signature and expiry are
 * checked, then the key is read from the store (a revoked or deleted key ends the session). Records the
 * key's use as a bearer request would.
 */
export function sessionAuthenticator(
  keys: ApiKeyRepository,
  secrets: SessionSecrets,
  clock: () => Date,
): (token: string, request: FastifyRequest) => Promise<Principal | undefined> {
  return async (token) => {
    const now = clock();
    const claims = await verifySessionToken(secrets, token, now.getTime());
    if (!claims) return undefined;
    const key = await keys.get(claims.keyId);
    if (!key || key.revokedAt) return undefined;
    await keys.touch(key.id, now.toISOString());
    return {
      keyId: String(key.id),
      name: key.name,
      role: key.role,
      projects: key.projectPatterns,
      session: {
        expiresAt: new Date(claims.expiresAt).toISOString(),
        csrfToken: await csrfTokenFor(secrets, token),
      },
    };
  };
}
