import { fastifyCookie } from "@fastify/cookie";
import type { FastifyRequest } from "fastify";
import { BulwarkError } from "../model/errors.js";
import type { Role } from "./access.js";
import { CSRF_HEADER, csrfMatches, SESSION_COOKIE } from "./session.js";

/** Who is calling: the API key's name, role and project scope. */
export interface Principal {
  keyId: string;
  /** The key's name, as the audit log records it. */
  name: string;
  role: Role;
  /** Project-name patterns the key may see (`team-a/*`); empty = every project. */
  projects: string[];
  /** Set when the caller signed in through the dashboard (a session cookie) rather than sending its key. */
  session?: {
    expiresAt: string;
    /** What a state-changing request made with this session must send as X-CSRF-Token. */
    csrfToken: string;
  };
}

/** Resolves a presented API key (or session) to a principal; undefined when it is unknown or revoked. */
export interface Authenticator {
  authenticate(secret: string, request: FastifyRequest): Promise<Principal | undefined>;
  /**
   * Resolves the token of a session cookie (see session.ts); undefined when it is forged, expired or its key
   * revoked. Absent when the server offers no sign-in: cookies are then ignored.
   */
  authenticateSession?(token: string, request: FastifyRequest): Promise<Principal | undefined>;
}

/**
 * Slows down repeated failed authentication from one address: each failure within the window doubles the
 * delay of the next answer (up to 5 s), so guessing keys costs an attacker time. Kept in this instance's
 * memory, bounded to 10,000 addresses: a per-instance speed bump, not shared state — keys themselves have
 * 256 bits of entropy, so the bump only has to stop noise, not brute force.
 */
export class FailedAuthThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly windowMs = 15 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  /** The delay before answering this address, in ms (0 when it has no recent failures). */
  delayFor(address: string, now = Date.now()): number {
    const entry = this.failures.get(address);
    if (!entry || now - entry.last > this.windowMs) return 0;
    return Math.min(5000, 50 * 2 ** Math.min(entry.count, 10));
  }

  recordFailure(address: string, now = Date.now()): void {
    const entry = this.failures.get(address);
    const count = entry && now - entry.last <= this.windowMs ? entry.count + 1 : 1;
    this.failures.delete(address);
    this.failures.set(address, { count, last: now });
    if (this.failures.size > this.maxEntries) this.failures.delete(this.failures.keys().next().value!);
  }

  recordSuccess(address: string): void {
    this.failures.delete(address);
  }
}

/** The bearer key of a request, if it sent one. */
export function bearerKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** The session token of a request's cookie, if it sent one. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== "string" || !header.includes(SESSION_COOKIE)) return undefined;
  const value = fastifyCookie.parse(header)[SESSION_COOKIE];
  return value || undefined;
}

/** Methods that change nothing: they need no CSRF token. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A session's principal, if the request may use it: a state-changing request authenticated by cookie must
 * carry the session's CSRF token (a page of another site can make the browser send the cookie, never read
 * the token). Without it a public route goes on anonymously and any other answers 403.
 */
function checkCsrf(request: FastifyRequest, principal: Principal, optional: boolean): Principal | undefined {
  if (SAFE_METHODS.has(request.method)) return principal;
  const presented = request.headers[CSRF_HEADER];
  const expected = principal.session?.csrfToken;
  if (expected && csrfMatches(expected, typeof presented === "string" ? presented : undefined))
    return principal;
  if (optional) return undefined;
  throw new BulwarkError("FORBIDDEN", "a signed-in change must carry the session's X-CSRF-Token header", {
    details: { reason: "csrf" },
    hint: "read the token from GET /api/v1/session and send it with every change",
  });
}

/**
 * Authenticates a request: its bearer key resolved by the authenticator, else its session cookie (when the
 * authenticator offers sessions; a cookie-authenticated change needs the CSRF header). Without either,
 * `optional` routes go on anonymously; others answer 401. An unknown key is a 401 after the throttle's
 * delay; an ended session is a 401 asking to sign in again (anonymous on optional routes).
 */
export async function authenticateRequest(
  authenticator: Authenticator,
  request: FastifyRequest,
  optional: boolean,
  throttle?: FailedAuthThrottle,
): Promise<Principal | undefined> {
  const key = bearerKey(request);
  if (!key) {
    // Browsers send the cookie with every page and asset; only the API needs to know who is calling, so other
    // public paths skip the key lookup a session costs.
    if (optional && !request.url.startsWith("/api/")) return undefined;
    const token = authenticator.authenticateSession ? sessionToken(request) : undefined;
    if (token) {
      const principal = await authenticator.authenticateSession!(token, request);
      if (principal) return checkCsrf(request, principal, optional);
      if (optional) return undefined;
      throw new BulwarkError(
        "UNAUTHENTICATED",
        "the session has ended (expired, signed out or key revoked)",
        {
          details: { reason: "session" },
          hint: "sign in again",
        },
      );
    }
    if (optional) return undefined;
    throw new BulwarkError("UNAUTHENTICATED", "an API key is needed: send Authorization: Bearer <key>");
  }
  const principal = await authenticator.authenticate(key, request);
  if (principal) {
    throttle?.recordSuccess(request.ip);
    return principal;
  }
  const delay = throttle?.delayFor(request.ip) ?? 0;
  throttle?.recordFailure(request.ip);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  throw new BulwarkError("UNAUTHENTICATED", "the API key is not valid (unknown or revoked)");
}
