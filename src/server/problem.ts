import type { ErrorCode } from "../model/errors.js";
import { BulwarkError } from "../model/errors.js";

/** The HTTP status of each error code that a request can cause; everything else is a 500. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  INPUT_NOT_FOUND: 404,
  INPUT_UNREADABLE: 400,
  INPUT_TOO_LARGE: 413,
  INPUT_UNSAFE: 400,
  UNKNOWN_FORMAT: 400,
  PARSE_FAILED: 400,
  NOTHING_TO_SCAN: 400,
  CONFIG_INVALID: 400,
  VEX_INVALID: 400,
  PURL_INVALID: 400,
  ADVISORY_INVALID: 400,
  IMPORT_FAILED: 400,
  IMPORT_EMPTY: 400,
  NETWORK_REFUSED: 400,
  NETWORK_FAILED: 502,
  ABORTED: 503,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  STORE_SCHEMA_NEWER: 503,
  ADVISORY_DB_MISSING: 503,
  STORE_FAILED: 503,
};

/** An RFC 9457 problem document, with Bulwark's stable code and details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  details?: Record<string, unknown>;
}

/**
 * The answer for an error a handler threw: its status and a problem body. A schema violation names the
 * offending field (400); Bulwark errors keep their message and code (they are written for people and hold
 * no internals); Fastify's own client errors (body too large, malformed JSON, unsupported media type) keep
 * their status; anything else is an internal error whose message is not shown (it may hold paths or SQL),
 * only logged by the caller.
 */
export function problemOf(error: unknown): Problem {
  const e = error as { validation?: unknown; statusCode?: number; message?: string };
  if (e?.validation) return problem("USAGE", 400, String(e.message));
  if (!(error instanceof BulwarkError) && e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 413 ? "INPUT_TOO_LARGE" : e.statusCode === 415 ? "UNKNOWN_FORMAT" : "USAGE";
    return problem(code, e.statusCode, String(e.message));
  }
  if (error instanceof BulwarkError) {
    const status = STATUS[error.code] ?? 500;
    return {
      type: `urn:bulwark:problem:${error.code}`,
      title: error.code,
      status,
      detail: status === 500 ? "internal error" : error.message,
      code: error.code,
      ...(status !== 500 && Object.keys(error.details).length ? { details: { ...error.details } } : {}),
    };
  }
  return problem("INTERNAL", 500, "internal error");
}

function problem(code: ErrorCode, status: number, detail: string): Problem {
  return { type: `urn:bulwark:problem:${code}`, title: code, status, detail, code };
}
