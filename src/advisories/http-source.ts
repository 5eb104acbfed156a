import { ImportSourceError } from "./errors.js";

/** Largest download accepted (a whole ecosystem's all.zip is well below this). */
export const MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024;

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
    throw new ImportSourceError(source, "not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ImportSourceError(source, `the URL scheme "${url.protocol.replace(/:$/, "")}" is not allowed`, {
      hint: "only http:// and https:// URLs are imported; download the file yourself and import the local path",
    });
  return url;
}

/** Progress of one download: bytes so far and the announced total when the server sent one. */
export type DownloadProgress = (received: number, total: number | undefined) => void;

/**
 * Downloads an http(s) URL into memory. Non-2xx answers, network errors and bodies over `maxBytes` are
 * ImportSourceErrors naming the URL. `notFoundOk` turns a 404 into `undefined` (optional files).
 */
export async function download(
  source: string,
  options: { maxBytes?: number; onProgress?: DownloadProgress; notFoundOk?: boolean } = {},
): Promise<Uint8Array | undefined> {
  const url = httpUrl(source);
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(10 * 60_000) });
  } catch (error) {
    throw new ImportSourceError(source, `download failed (${(error as Error).message})`, {
      hint: "check the network and the URL (or --base-url / BULWARK_OSV_BASE_URL); nothing was changed",
      cause: error,
    });
  }
  if (response.status === 404 && options.notFoundOk) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ImportSourceError(source, `the server answered HTTP ${response.status}`);
  }
  const announced = Number(response.headers.get("content-length")) || undefined;
  if (announced !== undefined && announced > maxBytes)
    throw new ImportSourceError(
      source,
      `the download is ${announced} bytes, over the ${maxBytes}-byte limit`,
    );
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      received += chunk.byteLength;
      if (received > maxBytes)
        throw new ImportSourceError(source, `the download exceeds the ${maxBytes}-byte limit`);
      chunks.push(chunk);
      options.onProgress?.(received, announced);
    }
  }
  return concat(chunks, received);
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
