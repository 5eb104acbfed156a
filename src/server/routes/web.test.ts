import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { BulwarkError } from "../../model/errors.js";
import { openPortfolioStore, type PortfolioStore } from "../../store/portfolio/index.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../../testing/corpus-advisories.js";
import { buildDashboard } from "../../testing/dashboard-fixture.js";
import type { App } from "../app.js";
import { buildServer } from "../server.js";
import { loadWebApp, WEB_SECURITY_HEADERS } from "./web.js";

// Serving the built dashboard: only the files its manifest lists, with the strict CSP and cache headers, the
// SPA's routes falling back to index.html, API paths never shadowed, nothing else on disk reachable.

let dir: string;
let webRoot: string;
let advisories: CorpusAdvisories;
let store: PortfolioStore;
let app: App;
let manifest: {
  files: Record<string, { file: string; immutable: boolean; encodings: Record<string, string> }>;
  initial: { js: string[]; css: string[]; jsGzipBytes: number; budgetGzipBytes: number };
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bulwark-web-serve-"));
  webRoot = join(dir, "web");
  await buildDashboard(webRoot);
  manifest = JSON.parse(await readFile(join(webRoot, "manifest.json"), "utf8"));
  advisories = await buildCorpusDatabase(["npm-ghsa"]);
  store = await openPortfolioStore({ kind: "sqlite", path: join(dir, "portfolio.db") });
  ({ app } = await buildServer({
    store,
    advisories: { reader: advisories.reader, location: advisories.path },
    webRoot,
  }));
});
after(async () => {
  await app?.close();
  await store?.close();
  await advisories?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const page = (url: string, headers: Record<string, string> = { accept: "text/html,*/*" }) =>
  app.inject({ url, headers });

describe("the built dashboard", () => {
  test("the initial JavaScript stays within 250 KB gzipped; the chart library is loaded on demand", async () => {
    assert.ok(manifest.initial.jsGzipBytes > 5_000, `${manifest.initial.jsGzipBytes}`);
    assert.ok(manifest.initial.jsGzipBytes <= 250 * 1024, `${manifest.initial.jsGzipBytes}`);
    const initial = await Promise.all(
      manifest.initial.js.map((p) => readFile(join(webRoot, manifest.files[p]!.file), "utf8")),
    );
    assert.ok(!initial.some((code) => code.includes("u-legend")), "uPlot is not in the initial bundles");
    const lazy = Object.keys(manifest.files).filter(
      (p) => p.endsWith(".js") && !manifest.initial.js.includes(p),
    );
    const lazyCode = await Promise.all(
      lazy.map((p) => readFile(join(webRoot, manifest.files[p]!.file), "utf8")),
    );
    assert.ok(
      lazyCode.some((code) => code.includes("u-legend")),
      "uPlot is in a chunk loaded later",
    );
  });

  test("index.html has no inline script or style and names hashed assets only", async () => {
    const html = await readFile(join(webRoot, "index.html"), "utf8");
    for (const tag of html.match(/<script\b[^>]*>/g) ?? [])
      assert.match(tag, /\ssrc="\/assets\/[\w-]+-[A-Z0-9]{8}\.js"/);
    assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/i);
    assert.match(html, /<link rel="stylesheet" href="\/assets\/main-[A-Z0-9]{8}\.css">/);
    assert.doesNotMatch(html, /https?:\/\//, "no CDN, no external font");
  });
});

describe("serving it", () => {
  test("/ is the app with the strict CSP and the other security headers, revalidated on each visit", async () => {
    const r = await page("/");
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(
      r.headers["content-security-policy"],
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    assert.equal(r.headers["x-content-type-options"], "nosniff");
    assert.equal(r.headers["referrer-policy"], "no-referrer");
    assert.equal(r.headers["cache-control"], "no-cache");
    assert.equal(r.body, await readFile(join(webRoot, "index.html"), "utf8"));
  });

  test("every file of the manifest, with its type; hashed assets are cached for a year", async () => {
    const types: Record<string, RegExp> = {
      js: /^text\/javascript/,
      css: /^text\/css/,
      svg: /^image\/svg\+xml/,
      html: /^text\/html/,
    };
    for (const [path, entry] of Object.entries(manifest.files)) {
      const r = await page(path, {});
      assert.equal(r.statusCode, 200, path);
      assert.match(String(r.headers["content-type"]), types[path.split(".").pop()!]!, path);
      assert.deepEqual(r.rawPayload, await readFile(join(webRoot, entry.file)), path);
      for (const [name, value] of Object.entries(WEB_SECURITY_HEADERS))
        assert.equal(r.headers[name], value, `${path} ${name}`);
      assert.equal(
        r.headers["cache-control"],
        entry.immutable ? "public, max-age=31536000, immutable" : "no-cache",
      );
      assert.equal(path.startsWith("/assets/"), entry.immutable);
    }
  });

  test("precompressed copies by Accept-Encoding (brotli first), the same bytes once decoded; ETag revalidation", async () => {
    const [main] = manifest.initial.js as [string];
    const original = await readFile(join(webRoot, manifest.files[main]!.file));
    const br = await page(main, { "accept-encoding": "gzip, deflate, br" });
    assert.equal(br.headers["content-encoding"], "br");
    assert.equal(br.headers.vary, "accept-encoding");
    assert.deepEqual(brotliDecompressSync(br.rawPayload), original);
    const gz = await page(main, { "accept-encoding": "gzip" });
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.deepEqual(gunzipSync(gz.rawPayload), original);
    assert.ok(gz.rawPayload.length < original.length / 2);
    const plain = await page(main, {});
    assert.equal(plain.headers["content-encoding"], undefined);
    const etag = String(plain.headers.etag);
    assert.equal((await page(main, { "if-none-match": etag })).statusCode, 304);
    assert.equal((await page(main, { "if-none-match": '"other"' })).statusCode, 200);
  });

  test("pages of the app (any path a browser asks HTML for) are index.html; the router takes over", async () => {
    const index = await readFile(join(webRoot, "index.html"), "utf8");
    for (const path of [
      "/projects",
      "/projects/web%2Ffrontend?tab=components",
      "/vulnerabilities/CVE-2022-29078",
      "/settings",
    ]) {
      const r = await page(path);
      assert.equal(r.statusCode, 200, path);
      assert.equal(r.body, index, path);
      assert.ok(r.headers["content-security-policy"]);
    }
  });

  test("API paths are never the app: an unknown one is a 404 problem; the API still answers", async () => {
    for (const path of ["/api/v1/nothing", "/api/nothing", "/v1/nothing", "/api"]) {
      const r = await page(path);
      assert.equal(r.statusCode, 404, path);
      assert.equal(r.json().code, "INPUT_NOT_FOUND");
    }
    assert.equal((await page("/healthz")).json().status, "ok");
    assert.equal((await page("/api/v1/projects")).statusCode, 401);
  });

  test("nothing outside the manifest is reachable: no directory traversal, no listing, no stray file", async () => {
    const secretish = [await readFile(join(webRoot, "manifest.json"), "utf8"), '"name": "bulwark"'];
    for (const path of [
      "/manifest.json",
      "/index.html.br",
      `${manifest.initial.js[0]}.gz`,
      "/assets/",
      "/assets/../manifest.json",
      "/assets/..%2fmanifest.json",
      "/assets/%2e%2e/%2e%2e/package.json",
      "/..%2f..%2f..%2fpackage.json",
      "/%2e%2e/%2e%2e/%2e%2e/package.json",
      "/favicon.ico",
      "/assets/main-NOTBUILT.js",
    ]) {
      const r = await page(path, { accept: "*/*" });
      assert.equal(r.statusCode, 404, path);
      for (const s of secretish) assert.ok(!r.body.includes(s.slice(0, 60)), path);
    }
  });

  test("a manifest naming a file outside its folder is refused, naming the manifest", async () => {
    const bad = join(dir, "bad");
    await mkdir(bad, { recursive: true });
    await writeFile(
      join(bad, "manifest.json"),
      JSON.stringify({
        files: { "/index.html": { file: "../../../etc/hostname", etag: '"x"', immutable: false } },
      }),
    );
    await assert.rejects(loadWebApp(bad), (e: unknown) => {
      assert.ok(e instanceof BulwarkError);
      assert.equal(e.code, "INPUT_UNSAFE");
      assert.match(e.message, /manifest\.json names a file outside its folder/);
      return true;
    });
    await writeFile(join(bad, "manifest.json"), "{ not json");
    await assert.rejects(loadWebApp(bad), { code: "PARSE_FAILED" });
  });

  test("without a built dashboard the server still serves the API, and pages say the dashboard is not built", async () => {
    assert.equal(await loadWebApp(join(dir, "nowhere")), undefined);
    const { app: bare } = await buildServer({
      store,
      advisories: { reader: advisories.reader, location: advisories.path },
      webRoot: join(dir, "nowhere"),
    });
    try {
      const r = await bare.inject({ url: "/", headers: { accept: "text/html" } });
      assert.equal(r.statusCode, 503);
      assert.match(r.body, /not built/);
      assert.equal((await bare.inject({ url: "/healthz" })).statusCode, 200);
    } finally {
      await bare.close();
    }
  });
});
