import { readFile } from "node:fs/promises";
import { dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyReply, FastifyRequest } from "fastify";
import { BulwarkError } from "../../model/errors.js";
import type { App } from "../app.js";
import { notFound } from "../project-access.js";

/** The built dashboard's folder beside this module's package: dist/web (scripts/build-web.mjs writes it). */
export const DEFAULT_WEB_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "dist",
  "web",
);

/** The headers of every dashboard answer: a strict Content-Security-Policy (no inline script or style). */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
};

/** Media types of the files the build emits; a manifest entry of any other kind is not served. */
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".png": "image/png",
};

/** One file the server may send, held in memory with its precompressed copies. */
interface WebFile {
  type: string;
  etag: string;
  immutable: boolean;
  body: Buffer;
  encodings: { br?: Buffer; gzip?: Buffer };
}

/** The built dashboard: its files by URL path. Only these are ever served. */
export interface WebApp {
  files: ReadonlyMap<string, WebFile>;
  index: WebFile;
}

interface ManifestEntry {
  file: string;
  etag: string;
  immutable: boolean;
  encodings?: { br?: string; gzip?: string };
}

/** A manifest name as a path inside the root, or an error: names are relative and never leave the folder. */
function inside(root: string, name: unknown, manifestPath: string): string {
  const path = typeof name === "string" && !isAbsolute(name) ? resolve(root, name) : "";
  const rel = path ? relative(root, path) : "";
  if (!rel || rel.startsWith("..") || isAbsolute(rel))
    throw new BulwarkError(
      "INPUT_UNSAFE",
      `${manifestPath} names a file outside its folder: ${String(name)}`,
      {
        details: { path: manifestPath, file: String(name) },
      },
    );
  return path;
}

/**
 * Loads the built dashboard from `root` (its manifest.json and every file it lists, into memory: a few
 * hundred KB). Undefined when the dashboard is not built. A manifest naming a file outside the folder, or
 * not readable, is an error naming it.
 */
export async function loadWebApp(root: string): Promise<WebApp | undefined> {
  const manifestPath = join(root, "manifest.json");
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new BulwarkError("INPUT_UNREADABLE", `cannot read ${manifestPath}: ${(error as Error).message}`, {
      details: { path: manifestPath },
    });
  }
  let manifest: { files?: Record<string, ManifestEntry> };
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new BulwarkError("PARSE_FAILED", `${manifestPath} is not JSON: ${(error as Error).message}`, {
      details: { path: manifestPath },
    });
  }
  const files = new Map<string, WebFile>();
  for (const [path, entry] of Object.entries(manifest.files ?? {})) {
    const type = TYPES[extname(path)];
    if (!type || !/^\/[A-Za-z0-9._/-]+$/.test(path) || path.includes("..")) continue;
    const read = (name: string) => readFile(inside(root, name, manifestPath));
    const [body, br, gzip] = await Promise.all([
      read(entry.file),
      entry.encodings?.br ? read(entry.encodings.br) : undefined,
      entry.encodings?.gzip ? read(entry.encodings.gzip) : undefined,
    ]);
    files.set(path, {
      type,
      etag: String(entry.etag),
      immutable: entry.immutable === true,
      body,
      encodings: { ...(br ? { br } : {}), ...(gzip ? { gzip } : {}) },
    });
  }
  const index = files.get("/index.html");
  if (!index)
    throw new BulwarkError("INPUT_UNREADABLE", `${manifestPath} lists no /index.html`, {
      details: { path: manifestPath },
    });
  return { files, index };
}

/** The encoding to send, from the client's Accept-Encoding (brotli first). */
function encodingFor(request: FastifyRequest, file: WebFile): "br" | "gzip" | undefined {
  const accepted = String(request.headers["accept-encoding"] ?? "");
  if (file.encodings.br && /\bbr\b/.test(accepted)) return "br";
  if (file.encodings.gzip && /\bgzip\b/.test(accepted)) return "gzip";
  return undefined;
}

function send(request: FastifyRequest, reply: FastifyReply, file: WebFile) {
  reply.headers(WEB_SECURITY_HEADERS);
  reply.header("content-type", file.type);
  reply.header("cache-control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  reply.header("etag", file.etag);
  reply.header("vary", "accept-encoding");
  if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
  const encoding = encodingFor(request, file);
  if (encoding) reply.header("content-encoding", encoding);
  return reply.send(encoding ? file.encodings[encoding] : file.body);
}

/** Paths that belong to the API: an unknown one is a 404 problem, never the dashboard. */
const API_PATH = /^\/(api|v1)(\/|$)/;

/**
 * Serves the dashboard: the files of its manifest (hashed assets cached for a year, index.html revalidated),
 * with the strict CSP and the other security headers; any other page a browser asks for (a path accepting
 * HTML outside /api and /v1) is index.html, where the app's router takes over. Nothing outside the manifest
 * is ever read: there is no path to traverse. Without a built dashboard, pages answer 503 saying so.
 */
export function webRoutes(web: WebApp | undefined) {
  return (app: App) => {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split("?")[0]!;
      if (API_PATH.test(path)) throw notFound(`no route ${request.method} ${path}`);
      if (!web)
        return reply
          .code(503)
          .headers(WEB_SECURITY_HEADERS)
          .type("text/plain; charset=utf-8")
          .send(
            "The web dashboard is not built on this server (npm run build:web). The API is at /api/v1.\n",
          );
      const file = path === "/" ? web.index : web.files.get(path);
      if (file) return send(request, reply, file);
      const wantsPage = /\btext\/html\b/.test(String(request.headers.accept ?? ""));
      if (path.startsWith("/assets/") || !wantsPage) throw notFound(`no file ${path}`);
      return send(request, reply, web.index);
    };
    app.get("/", { config: { access: "public" }, schema: { hide: true } }, handler);
    app.get("/*", { config: { access: "public" }, schema: { hide: true } }, handler);
  };
}
