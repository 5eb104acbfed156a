import { BulwarkError } from "../model/errors.js";
import { createHttpClient } from "../net/http-client.js";

/** What the server answered to an upload (see src/server/schemas.ts UploadAnswerSchema). */
export interface UploadAnswer {
  project: { name: string; open: { total: number } };
  snapshot: { id: number; version: string };
  components: number;
  findings: { new: number; fixed: number; open: number };
}

/**
 * Sends a document to a Bulwark server's upload route with the API key. The server is the one the user named,
 * so private addresses and plain http are allowed (an internal server is the usual case); redirects are not
 * followed, so the key never goes anywhere else. A refusal is reported with the server's problem detail.
 */
export async function uploadToServer(options: {
  server: string;
  project: string;
  version?: string;
  body: string;
  key: string | undefined;
}): Promise<UploadAnswer> {
  if (!options.key)
    throw new BulwarkError("UNAUTHENTICATED", "no API key: set BULWARK_API_KEY to a key with the write role");
  const url = new URL(`/api/v1/projects/${encodeURIComponent(options.project)}/uploads`, options.server);
  if (options.version) url.searchParams.set("version", options.version);
  const type = options.body.trimStart().startsWith("<")
    ? "application/xml"
    : options.body.trimStart().startsWith("{")
      ? "application/json"
      : "text/plain";
  const client = createHttpClient({ policy: { allowPrivate: true, allowHttp: true } });
  const response = await client.request(url, {
    method: "POST",
    headers: { authorization: `Bearer ${options.key}`, "content-type": type },
    body: options.body,
    maxRedirects: 0,
    maxBytes: 16 * 1024 * 1024,
  });
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (response.status !== 201) {
    const detail = (answer as { detail?: string } | undefined)?.detail ?? text.slice(0, 200);
    throw new BulwarkError(
      response.status === 401 ? "UNAUTHENTICATED" : response.status === 403 ? "FORBIDDEN" : "NETWORK_FAILED",
      `the server ${url.origin} refused the upload (HTTP ${response.status}): ${detail}`,
      { details: { status: response.status } },
    );
  }
  return answer as UploadAnswer;
}
