// The rules of docs/architecture.md that a test can check: library code (every src file except tests,
// src/testing and, for the process rules, the CLI composition root) stays hostable by a long-running server.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { transform } from "esbuild";
import { REPO_ROOT } from "./testing/corpus.js";

const SRC = join(REPO_ROOT, "src");

/** A file allowed to break one rule, and why. Keep this list short: fix an offender rather than list it. */
interface Exception {
  file: string;
  reason: string;
}

/** Folders whose files are composition roots: they read the environment and own the process. */
const COMPOSITION_ROOTS = ["src/cli/"];

/** Exceptions to "no process.env", "no process.exit/exitCode" and "no synchronous fs" outside the CLI. */
const EXCEPTIONS: Record<"env" | "exit" | "syncFs", Exception[]> = {
  env: [],
  exit: [],
  syncFs: [],
};

/** Every synchronous function of node:fs (readFileSync, existsSync, ...). */
const SYNC_FS = Object.keys(fs).filter((name) => name.endsWith("Sync"));
const SYNC_FS_CALL = new RegExp(`\\b(${SYNC_FS.join("|")})\\s*\\(`);

interface SourceFile {
  /** Repository-relative, "/"-separated (src/scan/index.ts). */
  path: string;
  text: string;
  /** The code without comments (esbuild's output), so prose about process.env does not count. */
  code: string;
}

async function listSources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listSources(path)));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function isLibrary(path: string): boolean {
  return !/\.test\.tsx?$/.test(path) && !path.startsWith("src/testing/");
}

async function librarySources(): Promise<SourceFile[]> {
  const paths = (await listSources(SRC)).map((p) => relative(REPO_ROOT, p).split("\\").join("/"));
  return Promise.all(
    paths.filter(isLibrary).map(async (path) => {
      const text = await readFile(join(REPO_ROOT, path), "utf8");
      const { code } = await transform(text, {
        loader: path.endsWith(".tsx") ? "tsx" : "ts",
        legalComments: "none",
        jsx: "preserve",
      });
      return { path, text, code };
    }),
  );
}

/** The files, outside the composition roots and the listed exceptions, whose code matches `pattern`. */
function offenders(files: SourceFile[], pattern: RegExp, exceptions: Exception[]): string[] {
  const excused = new Set(exceptions.map((e) => e.file));
  return files
    .filter((f) => !COMPOSITION_ROOTS.some((root) => f.path.startsWith(root)) && !excused.has(f.path))
    .filter((f) => pattern.test(f.code))
    .map((f) => f.path);
}

/** The repository-relative files a source imports by relative specifier (static, dynamic and type imports). */
function relativeImports(file: SourceFile): string[] {
  const specifiers = file.text.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g,
  );
  return [...specifiers].map(([, spec]) =>
    relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file.path), spec as string))
      .split("\\")
      .join("/"),
  );
}

describe("architecture rules (docs/architecture.md)", async () => {
  const files = await librarySources();

  it("finds the library code", () => {
    assert.ok(files.length > 300, `only ${files.length} library files found`);
    assert.ok(files.some((f) => f.path === "src/scan/index.ts"));
  });

  it("library code never imports test support (src/testing)", () => {
    const bad = files.flatMap((f) =>
      relativeImports(f)
        .filter((target) => target.startsWith("src/testing/"))
        .map((target) => `${f.path} imports ${target}`),
    );
    assert.deepEqual(bad, []);
  });

  it("library code never imports the CLI", () => {
    const bad = files
      .filter((f) => !f.path.startsWith("src/cli/"))
      .flatMap((f) =>
        relativeImports(f)
          .filter((target) => target.startsWith("src/cli/"))
          .map((target) => `${f.path} imports ${target}`),
      );
    assert.deepEqual(bad, []);
  });

  it("library code does not read process.env (the composition root passes values down)", () => {
    assert.deepEqual(offenders(files, /\bprocess\s*\.\s*env\b|\bprocess\s*\[/, EXCEPTIONS.env), []);
  });

  it("in the CLI, only main() reads process.env: commands take the settings from CliContext", () => {
    const readers = files
      .filter((f) => f.path.startsWith("src/cli/") && /\bprocess\s*\.\s*env\b/.test(f.code))
      .map((f) => f.path);
    assert.deepEqual(readers, ["src/cli/main.ts"]);
  });

  it("library code neither sets process.exitCode nor calls process.exit (commands return exit codes)", () => {
    assert.deepEqual(offenders(files, /\bprocess\s*\.\s*exit(Code)?\b/, EXCEPTIONS.exit), []);
  });

  it("library code makes no synchronous file-system call", () => {
    assert.ok(SYNC_FS.includes("readFileSync") && SYNC_FS.includes("existsSync"));
    assert.deepEqual(offenders(files, SYNC_FS_CALL, EXCEPTIONS.syncFs), []);
  });

  it("the checks see through comments but not around code", () => {
    const file = (code: string): SourceFile => ({ path: "src/x.ts", text: code, code });
    assert.deepEqual(offenders([file("const a = process.env.HOME;")], /\bprocess\s*\.\s*env\b/, []), [
      "src/x.ts",
    ]);
    assert.ok(SYNC_FS_CALL.test("fs.readFileSync(p)") && !SYNC_FS_CALL.test("inflateRawSync(data)"));
    const withComment = files.find((f) => f.path === "src/risk/assess.ts");
    assert.ok(withComment?.text.includes("process.env") && !withComment.code.includes("process.env"));
  });

  it("every exception names an existing library file and a reason", () => {
    for (const exception of Object.values(EXCEPTIONS).flat()) {
      assert.ok(
        files.some((f) => f.path === exception.file),
        `${exception.file} is not library code`,
      );
      assert.ok(exception.reason.length > 10, `${exception.file}: give a reason`);
    }
  });

  it("the build leaves test support and tests out of dist/", async () => {
    const config = JSON.parse(await readFile(join(REPO_ROOT, "tsconfig.build.json"), "utf8")) as {
      exclude: string[];
    };
    assert.ok(config.exclude.includes("src/**/*.test.ts"));
    assert.ok(config.exclude.includes("src/testing/**"));
  });
});
