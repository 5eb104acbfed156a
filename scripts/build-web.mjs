#!/usr/bin/env node
// Builds the web dashboard (src/web/app, Preact + uPlot) into dist/web/ for the server to serve:
//   assets/<name>-<hash>.{js,css,svg}   content-hashed, so the server may cache them forever
//   index.html                          the single page, naming the hashed files (no inline script or style)
//   *.br, *.gz                          precompressed copies of the text files
//   manifest.json                       every file the server may serve, with its type and encodings; the
//                                       server serves these and nothing else
// Checks the budget: the JavaScript loaded before the first page (the entry and its static imports) must
// stay within 250 KB gzipped; heavy pages (the charts) are split off and loaded on demand.
//
//   node scripts/build-web.mjs [--outdir dist/web]      (npm run build:web type-checks first)
import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, gzip, constants as zlibConstants } from "node:zlib";
import { build } from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const APP = join(ROOT, "src", "web", "app");
/** Gzipped JavaScript allowed before the first page renders. */
const INITIAL_JS_BUDGET = 250 * 1024;
const COMPRESSIBLE = new Set([".js", ".css", ".html", ".svg", ".json"]);

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

const sha256 = (bytes) => createHash("sha256").update(bytes).digest();

/** Writes a file's gzip and brotli copies when they are smaller; returns their names and sizes. */
async function compress(path, bytes) {
  if (!COMPRESSIBLE.has(extname(path))) return {};
  const encodings = {};
  const gz = await gzipAsync(bytes, { level: 9 });
  const br = await brotliAsync(bytes, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  for (const [name, data] of [
    ["br", br],
    ["gzip", gz],
  ]) {
    if (data.length >= bytes.length) continue;
    const file = `${path}.${name === "gzip" ? "gz" : "br"}`;
    await writeFile(file, data);
    encodings[name] = { file: basename(file), bytes: data.length };
  }
  encodings.gzipBytes = gz.length;
  return encodings;
}

/** The static imports of an output file, transitively (what the browser loads with it). */
function staticClosure(outputs, start) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) if (imp.kind === "import-statement") visit(imp.path);
  };
  visit(start);
  return [...seen];
}

/**
 * Builds the dashboard into `outdir` (emptied first) and returns the manifest. Throws when the initial
 * JavaScript is over budget.
 */
export async function buildWeb({ outdir = join(ROOT, "dist", "web"), minify = true } = {}) {
  const started = performance.now();
  const out = resolve(outdir);
  await rm(out, { recursive: true, force: true });
  const assets = join(out, "assets");
  await mkdir(assets, { recursive: true });

  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: join(APP, "main.tsx") },
    outdir: assets,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome111", "firefox113", "safari16.4"],
    jsx: "automatic",
    jsxImportSource: "preact",
    minify,
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    assetNames: "[name]-[hash]",
    metafile: true,
    legalComments: "eof",
    logLevel: "warning",
    write: true,
  });

  // The icon, content-hashed like the bundles.
  const iconSource = join(APP, "favicon.svg");
  const iconBytes = await readFile(iconSource);
  const icon = `favicon-${sha256(iconBytes).toString("hex").slice(0, 8)}.svg`;
  await copyFile(iconSource, join(assets, icon));

  const outputs = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([file, meta]) => [
      relative(ROOT, resolve(ROOT, file)).split("\\").join("/"),
      meta,
    ]),
  );
  const entry = Object.keys(outputs).find((f) => outputs[f].entryPoint && f.endsWith(".js"));
  if (!entry) throw new Error("esbuild produced no entry bundle");
  const url = (file) => `/assets/${basename(file)}`;
  const initialJs = staticClosure(outputs, entry);
  const css = outputs[entry].cssBundle;
  const template = await readFile(join(APP, "index.html"), "utf8");
  const html = template
    .replace("%ICON%", `/assets/${icon}`)
    .replace("%CSS%", css ? `<link rel="stylesheet" href="${url(css)}">` : "")
    .replace(
      "%PRELOAD%",
      initialJs
        .filter((f) => f !== entry)
        .map((f) => `<link rel="modulepreload" href="${url(f)}">`)
        .join("\n    "),
    )
    .replace("%JS%", `<script type="module" src="${url(entry)}"></script>`);
  await writeFile(join(out, "index.html"), html);

  const files = {};
  const served = [
    { path: "/index.html", file: join(out, "index.html"), immutable: false },
    ...Object.keys(outputs)
      .filter((f) => !f.endsWith(".map"))
      .map((f) => ({ path: url(f), file: join(ROOT, f), immutable: true })),
    { path: `/assets/${icon}`, file: join(assets, icon), immutable: true },
  ];
  let initialJsGzip = 0;
  let initialCssGzip = 0;
  for (const s of served) {
    const bytes = await readFile(s.file);
    const { gzipBytes, ...encodings } = await compress(s.file, bytes);
    files[s.path] = {
      file: relative(out, s.file).split("\\").join("/"),
      bytes: bytes.length,
      gzipBytes: gzipBytes ?? bytes.length,
      etag: `"${sha256(bytes).toString("base64url").slice(0, 22)}"`,
      immutable: s.immutable,
      encodings: Object.fromEntries(
        Object.entries(encodings).map(([k, v]) => [k, relative(out, join(dirname(s.file), v.file))]),
      ),
    };
    if (initialJs.some((f) => url(f) === s.path)) initialJsGzip += files[s.path].gzipBytes;
    if (css && url(css) === s.path) initialCssGzip += files[s.path].gzipBytes;
  }
  const manifest = {
    version: 1,
    files,
    initial: {
      js: initialJs.map(url),
      css: css ? [url(css)] : [],
      jsGzipBytes: initialJsGzip,
      cssGzipBytes: initialCssGzip,
      budgetGzipBytes: INITIAL_JS_BUDGET,
    },
  };
  await writeFile(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  if (initialJsGzip > INITIAL_JS_BUDGET)
    throw new Error(
      `initial JavaScript is ${(initialJsGzip / 1024).toFixed(1)} KB gzipped, over the ${INITIAL_JS_BUDGET / 1024} KB budget: split heavy pages off with import()`,
    );
  return { manifest, outdir: out, ms: performance.now() - started };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--outdir");
  const outdir = at > 0 ? process.argv[at + 1] : undefined;
  try {
    const { manifest, outdir: written, ms } = await buildWeb(outdir ? { outdir } : {});
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    const total = Object.values(manifest.files).reduce((n, f) => n + f.gzipBytes, 0);
    console.log(
      `build-web: ${Object.keys(manifest.files).length} files in ${relative(process.cwd(), written) || "."} (${ms.toFixed(0)} ms); initial JavaScript ${kb(manifest.initial.jsGzipBytes)} gzipped (budget ${kb(INITIAL_JS_BUDGET)}), CSS ${kb(manifest.initial.cssGzipBytes)}, everything ${kb(total)}`,
    );
    await stat(join(written, "index.html"));
  } catch (error) {
    console.error(`build-web: ${error.message}`);
    process.exit(1);
  }
}
