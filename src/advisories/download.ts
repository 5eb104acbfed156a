import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { HttpClient } from "../net/http-client.js";
import { ImportSourceError } from "./errors.js";

/** Largest download accepted (a whole ecosystem's all.zip is well below this). */
export const MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024;

/** An answer to an HTTP request whose body is read as a stream. */
export interface UrlResponse {
  status: number;
  /** The announced length of the body, when the server sent one. */
  length?: number;
  /** The body in chunks; it must fail when more than the requested `maxBytes` arrive. */
  body: AsyncIterable<Uint8Array>;
  /** Stops reading the body (an answer not used). */
  cancel(): Promise<void>;
}

/**
 * Opens a URL for reading: the outbound HTTP access the importer and updater are given (the composition root
 * passes its policy-checked client; `fetchUrl` is the plain default). Network failures throw.
 */
export type OpenUrl = (url: URL, options: { maxBytes: number; signal?: AbortSignal }) => Promise<UrlResponse>;

/** OpenUrl on the platform's `fetch`, following redirects, with the byte limit counted as the body streams. */
export const fetchUrl: OpenUrl = async (url, { maxBytes, signal }) => {
  const response = await fetch(url, { redirect: "follow", signal });
  const length = Number(response.headers.get("content-length")) || undefined;
  const stream = response.body;
  async function* body(): AsyncIterable<Uint8Array> {
    let received = 0;
    if (!stream) return;
    for await (const chunk of stream) {
      received += chunk.byteLength;
      if (received > maxBytes) {
        await stream.cancel().catch(() => {});
        throw new Error(`the body exceeds ${maxBytes} bytes`);
      }
      yield chunk;
    }
  }
  return {
    status: response.status,
    ...(length === undefined ? {} : { length }),
    body: body(),
    cancel: async () => {
      await stream?.cancel().catch(() => {});
    },
  };
};

/**
 * OpenUrl through the outbound-request policy's client (src/net): schemes, hosts and private addresses are
 * checked for every hop, and the body stops at `maxBytes`. What the CLI and the server pass to imports.
 */
export function openUrlVia(client: HttpClient): OpenUrl {
  return async (url, { maxBytes, signal }) => {
    const response = await client.request(url, {
      maxBytes,
      timeoutMs: 10 * 60_000,
      ...(signal ? { signal } : {}),
    });
    const length = Number(response.headers["content-length"]) || undefined;
    return {
      status: response.status,
      ...(length === undefined ? {} : { length }),
      body: response.body,
      cancel: async () => {
        response.body.destroy();
      },
    };
  };
}

/** Whether a source string is a URL (has a scheme) rather than a local path. */
export function looksLikeUrl(source: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(source);
}

/** Parses a URL and refuses every scheme but http and https. */
export function httpUrl(source: string): URL {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new ImportSourceError(source, "not a valid URL", { code: "USAGE" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ImportSourceError(source, `the URL scheme "${url.protocol.replace(/:$/, "")}" is not allowed`, {
      code: "NETWORK_REFUSED",
      hint: "only http:// and https:// URLs are imported; download the file yourself and import the local path",
    });
  return url;
}

/** Progress of one download: bytes so far and the announced total when the server sent one. */
export type DownloadProgress = (received: number, total: number | undefined) => void;

export interface DownloadOptions {
  openUrl?: OpenUrl;
  maxBytes?: number;
  signal?: AbortSignal;
  onProgress?: DownloadProgress;
  /** A 404 answer is `undefined` instead of an error (optional files). */
  notFoundOk?: boolean;
}

/**
 * Streams an http(s) URL into `file` (never whole in memory) and returns the bytes written, or undefined for
 * a 404 with `notFoundOk`. Non-2xx answers, network errors and bodies over `maxBytes` are ImportSourceErrors
 * naming the URL.
 */
export async function downloadToFile(
  source: string,
  file: string,
  options: DownloadOptions = {},
): Promise<number | undefined> {
  const out = createWriteStream(file);
  const failed = once(out, "error").then(([error]) => {
    throw error;
  });
  failed.catch(() => {});
  try {
    const written = await streamBody(source, options, async (chunk) => {
      if (!out.write(chunk)) await Promise.race([once(out, "drain"), failed]);
    });
    out.end();
    await Promise.race([once(out, "finish"), failed]);
    return written;
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/** Downloads an http(s) URL into memory (small files only: keep `maxBytes` low); see downloadToFile. */
export async function downloadBytes(
  source: string,
  options: DownloadOptions & { maxBytes: number },
): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  const size = await streamBody(source, options, async (chunk) => {
    chunks.push(chunk);
  });
  if (size === undefined) return undefined;
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

async function streamBody(
  source: string,
  options: DownloadOptions,
  sink: (chunk: Uint8Array) => Promise<void>,
): Promise<number | undefined> {
  const url = httpUrl(source);
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const fail = (reason: string, error?: unknown, status?: number) =>
    new ImportSourceError(source, reason, {
      code: "NETWORK_FAILED",
      ...(status === undefined ? {} : { details: { status } }),
      hint: "check the network and the URL (or the mirror's base URL); nothing was changed",
      cause: error,
    });
  let response: UrlResponse;
  try {
    response = await (options.openUrl ?? fetchUrl)(url, { maxBytes, signal: options.signal });
  } catch (error) {
    throw fail(`download failed (${(error as Error).message})`, error);
  }
  if (response.status === 404 && options.notFoundOk) {
    await response.cancel();
    return undefined;
  }
  if (response.status < 200 || response.status > 299) {
    await response.cancel();
    throw fail(`the server answered HTTP ${response.status}`, undefined, response.status);
  }
  if (response.length !== undefined && response.length > maxBytes) {
    await response.cancel();
    throw new ImportSourceError(
      source,
      `the download is ${response.length} bytes, over the ${maxBytes}-byte limit`,
      {
        code: "INPUT_TOO_LARGE",
      },
    );
  }
  let received = 0;
  try {
    for await (const chunk of response.body) {
      received += chunk.byteLength;
      if (received > maxBytes)
        throw new ImportSourceError(source, `the download exceeds the ${maxBytes}-byte limit`, {
          code: "INPUT_TOO_LARGE",
        });
      await sink(chunk);
      options.onProgress?.(received, response.length);
    }
  } catch (error) {
    if (error instanceof ImportSourceError) throw error;
    throw fail(`download failed (${(error as Error).message})`, error);
  }
  return received;
}
