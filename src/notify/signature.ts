import { createHmac, timingSafeEqual } from "node:crypto";

/** The header holding the Unix time (seconds) a webhook was signed at. */
export const TIMESTAMP_HEADER = "X-Bulwark-Timestamp";
/** The header holding `sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>`. */
export const SIGNATURE_HEADER = "X-Bulwark-Signature";
/** How old a signed request a receiver should accept, by default (5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The signature header value of a body signed at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The two signature headers of a body signed now. */
export function signatureHeaders(secret: string, nowMs: number, body: string): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) };
}

/**
 * What a receiver does with a Bulwark webhook: recompute the signature over the raw body and compare in
 * constant time, and refuse a timestamp further than `toleranceSeconds` from now (a replayed request).
 * Answers why it refuses, or undefined when the request is genuine.
 */
export function webhookSignatureProblem(request: {
  secret: string;
  /** The raw body, exactly as received. */
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
  toleranceSeconds?: number;
}): string | undefined {
  const { timestamp, signature } = request;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return `missing or malformed ${TIMESTAMP_HEADER}`;
  const age = Math.abs(request.nowMs / 1000 - Number(timestamp));
  if (age > (request.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS))
    return "the timestamp is too old or in the future";
  if (!signature) return `missing ${SIGNATURE_HEADER}`;
  const expected = Buffer.from(signWebhook(request.secret, Number(timestamp), request.body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return "the signature does not match";
  return undefined;
}
