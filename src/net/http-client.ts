import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { AbortedError, BulwarkError } from "../model/errors.js";
import { NetworkError } from "./errors.js";
import {
  checkUrl,
  displayUrl,
  guardedLookup,
  type OutboundPolicy,
  type Resolver,
  systemResolver,
} from "./policy.js";

/** Largest body read unless a request asks for another limit (streams to a file may ask for 4 GiB). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Socket inactivity allowed while connecting, waiting for the answer or reading the body. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Redirects followed before giving up. */
export const DEFAULT_MAX_REDIRECTS = 5;

/** How the client is set up once, at the composition root. */
export interface HttpClientOptions {
  /** Where requests may go (default: https to public addresses). */
  policy?: OutboundPolicy;
  /** Name resolution (default: the system resolver); every answer is checked against the policy. */
  resolver?: Resolver;
  /** Sent as User-Agent on every request. */
  userAgent?: string;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Body limit for requests that do not give their own. */
  maxBytes?: number;
}

/** One request. */
export interface HttpRequest {
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Cancels the request, including the body stream; the error is ABORTED. */
  signal?: AbortSignal;
  /** Largest body accepted: a larger Content-Length is refused before reading, a longer body stops the stream. */
  maxBytes?: number;
  timeoutMs?: number;
  /** 0 refuses every redirect. */
  maxRedirects?: number;
}

/** An answer: status and headers of the last hop, the URLs redirected through, and the body as a stream. */
export interface HttpResponse {
  /** The URL that answered (after redirects), credentials masked. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** URLs that redirected, in order (credentials masked). */
  redirects: string[];
  /**
   * The body, limited to `maxBytes` (the stream fails with INPUT_TOO_LARGE beyond it) and failing with
   * NETWORK_FAILED or ABORTED on network errors, timeouts and cancellation. Read it or call `destroy()`.
   */
  body: Readable;
}

/** The HTTP client every outbound request goes through. */
export interface HttpClient {
  /** Sends a request, following redirects (each hop checked by the policy); any status is returned. */
  request(url: string | URL, init?: HttpRequest): Promise<HttpResponse>;
  /** GETs a URL and returns its body; a non-2xx answer is NETWORK_FAILED with `details.status`. */
  fetchBytes(url: string | URL, init?: HttpRequest): Promise<Uint8Array>;
  /** GETs a URL and parses its body as JSON; a body that is not JSON is PARSE_FAILED. */
  fetchJson<T = unknown>(url: string | URL, init?: HttpRequest): Promise<T>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials: never sent on to another origin by a redirect. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/** Counts body bytes and fails the stream past the limit. */
class ByteLimit extends Transform {
  private received = 0;

  constructor(
    private readonly limit: number,
    private readonly url: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.limit) {
      done(tooLarge(this.url, this.limit, `the body exceeds the ${this.limit}-byte limit`));
      return;
    }
    done(null, chunk);
  }
}

function tooLarge(url: string, limit: number, what: string): BulwarkError {
  return new BulwarkError("INPUT_TOO_LARGE", `${url}: ${what}; not read`, { details: { url, limit } });
}

function aborted(url: string, signal: AbortSignal): AbortedError {
  return new AbortedError(`the request to ${url} was cancelled`, { cause: signal.reason });
}

/** Wraps a low-level failure into NETWORK_FAILED naming the URL; Bulwark errors pass through. */
function failure(url: string, error: unknown): BulwarkError {
  if (error instanceof BulwarkError) return error;
  const e = error as NodeJS.ErrnoException;
  return new NetworkError(`request to ${url} failed: ${e.code ? `${e.code} ` : ""}${e.message}`, {
    details: { url, errno: e.code },
    cause: error,
  });
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * Creates the HTTP client: `node:http`/`node:https` with a `lookup` that checks every resolved address
 * against the policy when the socket connects, redirects followed by hand (each hop's URL checked, credentials
 * dropped across origins), a socket-inactivity timeout, cancellation by AbortSignal and a byte limit on
 * bodies. Refusals are NETWORK_REFUSED, failures NETWORK_FAILED, over-limit bodies INPUT_TOO_LARGE.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const policy = options.policy ?? {};
  const resolver = options.resolver ?? systemResolver;

  /** Sends one hop; resolves with the raw answer once its headers arrive. */
  function send(hop: Hop, init: HttpRequest): Promise<IncomingMessage> {
    const shown = displayUrl(hop.url);
    return new Promise((resolve, reject) => {
      const signal = init.signal;
      if (signal?.aborted) {
        reject(aborted(shown, signal));
        return;
      }
      const headers: Record<string, string> = { ...hop.headers };
      if (options.userAgent && !Object.keys(headers).some((h) => h.toLowerCase() === "user-agent"))
        headers["user-agent"] = options.userAgent;
      const open = hop.url.protocol === "https:" ? httpsRequest : httpRequest;
      const timeoutMs = init.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const req = open(hop.url, {
        method: hop.method,
        headers,
        agent: false,
        lookup: guardedLookup(hop.url, policy, resolver),
        timeout: timeoutMs,
      });
      let answer: IncomingMessage | undefined;
      const onAbort = () => req.destroy(aborted(shown, signal!));
      signal?.addEventListener("abort", onAbort, { once: true });
      // The socket's inactivity timeout covers connecting, waiting for the answer and reading the body.
      req.on("timeout", () => {
        const error = new NetworkError(`request to ${shown} timed out (no data for ${timeoutMs} ms)`, {
          details: { url: shown, timeoutMs },
        });
        answer?.destroy(error);
        req.destroy(error);
      });
      req.on("error", (error) => {
        signal?.removeEventListener("abort", onAbort);
        reject(failure(shown, error));
      });
      req.on("response", (res) => {
        // The body stream owns cancellation from here on (limitedBody).
        signal?.removeEventListener("abort", onAbort);
        answer = res;
        resolve(res);
      });
      req.end(hop.body);
    });
  }

  async function request(url: string | URL, init: HttpRequest = {}): Promise<HttpResponse> {
    const maxRedirects = init.maxRedirects ?? options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    const maxBytes = init.maxBytes ?? options.maxBytes ?? DEFAULT_MAX_BYTES;
    let hop: Hop = {
      url: checkUrl(url, policy),
      method: init.method ?? "GET",
      headers: { ...init.headers },
      body: init.body,
    };
    const redirects: string[] = [];
    for (;;) {
      const res = await send(hop, init);
      const shown = displayUrl(hop.url);
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location) {
        res.resume();
        if (redirects.length >= maxRedirects) {
          throw new NetworkError(
            maxRedirects === 0
              ? `${shown} redirects (HTTP ${res.statusCode}) and redirects are not followed here`
              : `too many redirects (more than ${maxRedirects}) starting at ${redirects[0] ?? shown}`,
            { details: { url: shown, status: res.statusCode, redirects: [...redirects, shown] } },
          );
        }
        redirects.push(shown);
        hop = redirected(hop, res.statusCode ?? 0, location, policy);
        continue;
      }
      const announced = Number(res.headers["content-length"]);
      if (Number.isFinite(announced) && announced > maxBytes) {
        res.destroy();
        throw tooLarge(shown, maxBytes, `the body is ${announced} bytes, over the ${maxBytes}-byte limit`);
      }
      return {
        url: shown,
        status: res.statusCode ?? 0,
        headers: res.headers,
        redirects,
        body: limitedBody(res, maxBytes, shown, init.signal),
      };
    }
  }

  async function fetchBytes(url: string | URL, init: HttpRequest = {}): Promise<Uint8Array> {
    const res = await request(url, init);
    if (res.status < 200 || res.status > 299) {
      res.body.destroy();
      throw new NetworkError(`${res.url} answered HTTP ${res.status}`, {
        details: { url: res.url, status: res.status },
      });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async function fetchJson<T = unknown>(url: string | URL, init: HttpRequest = {}): Promise<T> {
    const headers = { accept: "application/json", ...init.headers };
    const bytes = await fetchBytes(url, { ...init, headers });
    try {
      return JSON.parse(Buffer.from(bytes).toString("utf8")) as T;
    } catch (error) {
      const shown = displayUrl(url);
      throw new NetworkError(`the answer of ${shown} is not JSON: ${(error as Error).message}`, {
        code: "PARSE_FAILED",
        details: { url: shown },
        cause: error,
      });
    }
  }

  return { request, fetchBytes, fetchJson };
}

/** The next hop of a redirect: URL checked by the policy, method and credentials adjusted as browsers do. */
function redirected(hop: Hop, status: number, location: string, policy: OutboundPolicy): Hop {
  let next: URL;
  try {
    next = new URL(location, hop.url);
  } catch {
    throw new NetworkError(`${displayUrl(hop.url)} redirects to an invalid URL`, {
      details: { url: displayUrl(hop.url), location },
    });
  }
  checkUrl(next, policy);
  const headers = { ...hop.headers };
  if (next.origin !== hop.url.origin) {
    for (const name of Object.keys(headers))
      if (CREDENTIAL_HEADERS.includes(name.toLowerCase())) delete headers[name];
  }
  // 303, and 301/302 after a POST, continue as a GET without the body (what every client does).
  const toGet = status === 303 || ((status === 301 || status === 302) && hop.method === "POST");
  if (toGet) {
    for (const name of Object.keys(headers)) if (/^content-/i.test(name)) delete headers[name];
    return { url: next, method: hop.method === "HEAD" ? "HEAD" : "GET", headers };
  }
  return { url: next, method: hop.method, headers, body: hop.body };
}

/** The response body behind the byte limit, with network errors, timeouts and cancellation as Bulwark errors. */
function limitedBody(res: IncomingMessage, maxBytes: number, url: string, signal?: AbortSignal): Readable {
  const limit = new ByteLimit(maxBytes, url);
  const fail = (error: unknown) => {
    if (!limit.destroyed) limit.destroy(failure(url, error));
  };
  res.on("error", fail);
  // A connection that ends before the announced body is complete is a failure, not a short body.
  res.on("close", () => {
    if (!res.complete) fail(new Error("the connection closed before the body was complete"));
  });
  const onAbort = () => {
    const error = aborted(url, signal!);
    res.destroy(error);
    limit.destroy(error);
  };
  if (signal?.aborted) queueMicrotask(onAbort);
  else signal?.addEventListener("abort", onAbort, { once: true });
  limit.on("close", () => {
    signal?.removeEventListener("abort", onAbort);
    if (!res.destroyed) res.destroy();
  });
  res.pipe(limit);
  return limit;
}
