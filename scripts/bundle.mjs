#!/usr/bin/env node
// Bundles the command-line interface into dist/bundle/ with esbuild: what `bin/bulwark.js` runs. A fresh
// process then loads a few dozen files instead of ~180 (our modules and the CommonJS files of packageurl-js,
// commander, semver, ...), which is most of a small command's start-up. The tsc output in dist/ stays the
// library (typed exports); run after `tsc -p tsconfig.build.json` (`npm run build` does both).
//
// - ESM with code splitting: every dynamic import() stays a chunk of its own, so a command still loads only
//   its use-case and an inventory only the parsers of the formats it meets (docs/extractor-loading.md).
// - Dependencies are bundled, except native modules (better-sqlite3, and pg's optional pg-native), which must
//   load from node_modules, and packages our code imports dynamically (@sigstore/sign, @sigstore/tuf, ...):
//   they load on demand from node_modules as before, and esbuild would give a dynamically imported CommonJS
//   package only a default export where Node gives its named exports too.
// - Each of our modules sees the import.meta.url it has in dist/ (dist/version.js, ...): paths it resolves
//   relative to itself (../package.json, ../../assets/sigstore) and packages it requires at run time through
//   createRequire resolve exactly as from the tsc build.
import { readFile, rm } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const outdir = join(root, "dist", "bundle");
/** Native addons and optional native dependencies: left to Node's resolver at run time. */
const EXTERNAL = ["better-sqlite3", "pg-native"];

/** Rewrites `import.meta.url` in our sources to the URL the module has in dist/ (see above). */
const distImportMetaUrl = {
  name: "dist-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(src + sep)) return undefined;
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta.url")) return { contents: text, loader: "ts" };
      // Chunks are written flat into dist/bundle/, so dist/<module>.js is always ../<module>.js from a chunk.
      const inDist = `../${relative(src, args.path).split(sep).join("/").replace(/\.ts$/, ".js")}`;
      return {
        contents: text.replaceAll(
          "import.meta.url",
          `new URL(${JSON.stringify(inDist)}, import.meta.url).href`,
        ),
        loader: "ts",
      };
    });
  },
};

/** Packages imported with import("name") stay external (see above). */
const dynamicPackagesExternal = {
  name: "dynamic-packages-external",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === "dynamic-import" && !args.path.startsWith("node:")
        ? { path: args.path, external: true }
        : undefined,
    );
  },
};

await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { bulwark: "src/cli/main.ts" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "[name]-[hash]",
  external: EXTERNAL,
  // Bundled CommonJS packages call require() for Node's built-ins; ESM has no require of its own.
  banner: {
    js: 'import { createRequire as __bulwarkCreateRequire } from "node:module"; const require = __bulwarkCreateRequire(import.meta.url);',
  },
  plugins: [dynamicPackagesExternal, distImportMetaUrl],
  metafile: true,
  logLevel: "warning",
});
const outputs = Object.values(result.metafile.outputs);
const bytes = outputs.reduce((sum, o) => sum + o.bytes, 0);
console.log(`bundle: dist/bundle/ (${outputs.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB)`);
