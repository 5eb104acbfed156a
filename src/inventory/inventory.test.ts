import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { corpusPath, REPO_ROOT } from "../testing/corpus.js";
import { type InventoryInputError, inventory } from "./index.js";

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A temporary tree from { "relative/path": "content" }. */
function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "bulwark-inventory-"));
  temps.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

const lockV3 = (deps: Record<string, string>) =>
  JSON.stringify(
    {
      lockfileVersion: 3,
      packages: {
        "": { dependencies: Object.fromEntries(Object.keys(deps).map((n) => [n, "*"])) },
        ...Object.fromEntries(Object.entries(deps).map(([n, v]) => [`node_modules/${n}`, { version: v }])),
      },
    },
    null,
    2,
  );

const YARN_V1 = `# yarn lockfile v1\n\n\nleft-pad@^1.3.0:\n  version "1.3.0"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz"\n`;

test("corpus projects: lockfiles win over package.json, packages merged and sorted", async () => {
  const root = corpusPath("projects");
  const inv = await inventory([root], { root });
  const sources = inv.sources.map((s) => `${s.path} ${s.format}`);
  assert.ok(sources.includes("dependency-track-frontend/package-lock.json package-lock.json"));
  assert.ok(sources.includes("sigstore-js/package-lock.json package-lock.json"));
  assert.ok(sources.includes("renovate/pnpm-lock.yaml pnpm-lock.yaml"));
  assert.ok(
    !sources.some((s) => s.startsWith("renovate/package.json")),
    "package.json superseded by the lockfile",
  );
  assert.ok(!sources.some((s) => s.includes("dependency-track-frontend/package.json")));
  const npm = inv.packages.filter((p) => p.ecosystem === "npm");
  // Every npm package is resolved (all three projects have lockfiles).
  assert.ok(npm.every((p) => p.resolved));
  // Sorted by ecosystem, name, version.
  for (let i = 1; i < inv.packages.length; i++) {
    const a = inv.packages[i - 1]!;
    const b = inv.packages[i]!;
    assert.ok(
      a.ecosystem < b.ecosystem || (a.ecosystem === b.ecosystem && a.name <= b.name),
      `${a.purl} before ${b.purl}`,
    );
  }
  // A package used by two projects keeps both locations.
  const shared = npm.find((p) => new Set(p.locations.map((l) => l.path.split("/")[0])).size >= 2);
  assert.ok(shared, "some package appears in two projects and is merged into one entry");
  // Deterministic: a second run gives the same JSON.
  const again = await inventory([root], { root });
  assert.equal(JSON.stringify(again), JSON.stringify(inv));
});

test("bad input: each broken file is an error naming it (and its line), the good files are still read", async () => {
  const deep = "[".repeat(100_000);
  let nested: unknown = {};
  for (let i = 0; i < 2000; i++) nested = { x: { version: "1.0.0", dependencies: nested } };
  const root = tree({
    "good/yarn.lock": YARN_V1,
    "truncated/package-lock.json": lockV3({ a: "1.0.0" }).slice(0, 60),
    "yaml/pnpm-lock.yaml": "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {\n  b: [\n",
    "binary/package-lock.json": Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x00, 0x01]),
    "toml/poetry.lock": '[[package]]\nname = "a"\nversion = "1.0"\n[[package]\nname = "b"\n',
    "deep/package-lock.json": deep,
    "deeptree/package-lock.json": JSON.stringify({ lockfileVersion: 1, dependencies: nested }),
  });
  const inv = await inventory([root]);
  assert.deepEqual(
    inv.packages.map((p) => p.purl),
    ["pkg:npm/left-pad@1.3.0"],
  );
  const error = (dir: string) => inv.errors.find((e) => e.path.includes(`${dir}/`));
  assert.match(
    error("truncated")!.message,
    /package-lock\.json: could not extract: not valid JSON at line \d+/,
  );
  assert.equal(typeof error("truncated")!.line, "number");
  assert.match(error("yaml")!.message, /not valid YAML at line \d+/);
  assert.equal(typeof error("yaml")!.line, "number");
  assert.match(error("binary")!.message, /binary data \(NUL byte/);
  assert.match(error("toml")!.message, /poetry\.lock: could not extract: not valid TOML at line 4/);
  assert.equal(error("toml")!.line, 4);
  assert.match(error("deep")!.message, /not valid JSON/);
  assert.match(error("deeptree")!.message, /nested more than 500 levels/);
  assert.equal(inv.errors.length, 6);
  assert.deepEqual(
    inv.sources.map((s) => s.path),
    ["good/yarn.lock"],
    "paths are relative to the folder read",
  );
});

test("a 200 MB lockfile is reported as too large and never read", async () => {
  const root = tree({ "ok/yarn.lock": YARN_V1 });
  mkdirSync(join(root, "huge"));
  const huge = join(root, "huge", "package-lock.json");
  // Sparse: 200 MB long, a few bytes on disk.
  const fd = openSync(huge, "w");
  writeSync(fd, "{", 200 * 1024 * 1024 - 1);
  closeSync(fd);
  const before = process.memoryUsage().rss;
  const inv = await inventory([root]);
  assert.ok(process.memoryUsage().rss - before < 150 * 1024 * 1024, "the file was not loaded");
  const err = inv.errors.find((e) => e.path.endsWith("huge/package-lock.json"));
  assert.match(err!.message, /200\.0 MiB, larger than the limit of 100\.0 MiB; not read/);
  assert.equal(inv.packages.length, 1);
  const small = await inventory([root], { maxFileBytes: 10 });
  assert.equal(small.errors.length, 2, "maxFileBytes applies to every file");
  rmSync(huge);
});

test("symlink loops are reported and not followed; a self-referencing link is reported", async () => {
  const root = tree({ "app/yarn.lock": YARN_V1 });
  symlinkSync("..", join(root, "app", "loop"));
  symlinkSync("package-lock.json", join(root, "app", "package-lock.json"));
  const inv = await inventory([root]);
  assert.equal(inv.packages.length, 1);
  assert.ok(inv.errors.some((e) => e.path.endsWith("app/loop") && /symbolic link loop/.test(e.message)));
  assert.ok(
    inv.errors.some((e) => e.path.endsWith("app/package-lock.json") && /symlink loop|ELOOP/.test(e.message)),
  );
});

test("an unreadable file or folder is an error naming it; the rest is read", async () => {
  const root = tree({
    "a/yarn.lock": YARN_V1,
    "b/package-lock.json": lockV3({ x: "1.0.0" }),
    "c/yarn.lock": YARN_V1,
  });
  chmodSync(join(root, "b", "package-lock.json"), 0o000);
  chmodSync(join(root, "c"), 0o000);
  const check = (inv: { packages: unknown[]; errors: { path: string; message: string }[] }) => {
    assert.equal(inv.packages.length, 1);
    const file = inv.errors.find((e) => e.path.endsWith("b/package-lock.json"));
    assert.match(file!.message, /cannot read the file: permission denied \(EACCES\)/);
    const folder = inv.errors.find((e) => e.path === "c");
    assert.match(folder!.message, /cannot list the folder: permission denied \(EACCES\)/);
  };
  if (process.getuid?.() !== 0) {
    check(await inventory([root]));
    chmodSync(join(root, "c"), 0o755); // so that the temporary tree can be removed
    return;
  }
  // root reads anything: run the same inventory in a child process as an unprivileged user.
  chmodSync(root, 0o755);
  for (const d of ["a", "b"]) chmodSync(join(root, d), 0o755);
  chmodSync(join(root, "a", "yarn.lock"), 0o644);
  const script = `import { inventory } from ${JSON.stringify(join(REPO_ROOT, "src/inventory/index.ts"))};
    process.stdout.write(JSON.stringify(await inventory([${JSON.stringify(root)}])));`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: REPO_ROOT,
    uid: 65534,
    gid: 65534,
    encoding: "utf8",
  });
  // Never a silent skip: as root, this check only runs through the unprivileged child, so its failure is ours.
  assert.equal(
    child.status,
    0,
    `the inventory run as uid 65534 (nobody) failed, so unreadable files were not tested: ${child.stderr.slice(0, 500)}`,
  );
  check(JSON.parse(child.stdout));
  chmodSync(join(root, "c"), 0o755); // so that the temporary tree can be removed
});

test("walk: .gitignore respected unless includeIgnored; vendored folders and virtualenvs skipped unless asked; exclude globs", async () => {
  const root = tree({
    ".gitignore": "ignored/\n",
    "ignored/yarn.lock": YARN_V1.replace(/1\.3\.0/g, "1.0.0"),
    "node_modules/dep/yarn.lock": YARN_V1.replace(/left-pad/g, "vendored"),
    "env/pyvenv.cfg": "home = /usr/bin\n",
    "env/yarn.lock": YARN_V1.replace(/1\.3\.0/g, "1.1.0"),
    "skipme/yarn.lock": YARN_V1.replace(/1\.3\.0/g, "1.2.0"),
    "yarn.lock": YARN_V1,
  });
  const versions = async (options: Parameters<typeof inventory>[1]) =>
    (await inventory([root], options)).packages.map((p) => `${p.name}@${p.version}`);
  assert.deepEqual(await versions({ exclude: ["skipme"] }), ["left-pad@1.3.0"]);
  assert.deepEqual(await versions({ exclude: ["skipme/**"], includeIgnored: true }), [
    "left-pad@1.0.0",
    "left-pad@1.3.0",
  ]);
  assert.deepEqual(await versions({ exclude: ["**/skipme/**"], includeVendored: true }), [
    "left-pad@1.1.0",
    "left-pad@1.3.0",
    "vendored@1.3.0",
  ]);
  assert.deepEqual(await versions({}), ["left-pad@1.2.0", "left-pad@1.3.0"]);
});

test("merge: one entry per package with every location; package.json only where no lockfile covers it", async () => {
  const root = tree({
    "a/package-lock.json": lockV3({ shared: "1.0.0", onlya: "2.0.0" }),
    "a/package.json": JSON.stringify({ dependencies: { shared: "^1.0.0" } }),
    "a/packages/ws/package.json": JSON.stringify({ dependencies: { wsdep: "^3.0.0" } }),
    "b/package-lock.json": lockV3({ shared: "1.0.0" }),
    "c/package.json": JSON.stringify({ devDependencies: { declared: "^4.0.0" } }, null, 2),
  });
  const inv = await inventory([root], { root });
  const shared = inv.packages.find((p) => p.name === "shared")!;
  assert.deepEqual(
    shared.locations.map((l) => l.path),
    ["a/package-lock.json", "b/package-lock.json"],
  );
  assert.equal(shared.direct, true);
  assert.ok(
    !inv.packages.some((p) => p.name === "wsdep"),
    "workspace package.json is covered by the root lockfile",
  );
  const declared = inv.packages.find((p) => p.name === "declared")!;
  assert.equal(declared.resolved, false);
  assert.equal(declared.version, "^4.0.0");
  assert.deepEqual(declared.groups, ["dev"]);
  assert.deepEqual(declared.locations, [{ path: "c/package.json", line: 3 }]);
  assert.deepEqual(
    inv.sources.map((s) => s.path),
    ["a/package-lock.json", "b/package-lock.json", "c/package.json"],
  );
});

test("explicit files, --lockfile formats and missing paths", async () => {
  const root = tree({ "deps.lock": YARN_V1, "yarn.lock": YARN_V1, "notes.txt": "hello" });
  const inv = await inventory([join(root, "yarn.lock")], {
    lockfiles: [{ format: "yarn.lock", path: join(root, "deps.lock") }],
  });
  assert.deepEqual(
    inv.packages[0]?.locations.map((l) => l.path),
    ["deps.lock", "yarn.lock"],
    "relative to the folder holding every input, wherever Bulwark runs",
  );
  // A file named explicitly that no extractor reads is an error, not a silent pass.
  await assert.rejects(inventory([join(root, "notes.txt")]), {
    code: "UNKNOWN_FORMAT",
    message: /notes\.txt: no extractor recognises this file name/,
  });
  await assert.rejects(inventory([join(root, "missing")]), { code: "INPUT_NOT_FOUND" });
  await assert.rejects(
    inventory([], { lockfiles: [{ format: "nope.lock", path: join(root, "deps.lock") }] }),
    (e: InventoryInputError) =>
      e.code === "UNKNOWN_FORMAT" &&
      /unknown lockfile format "nope\.lock"/.test(e.message) &&
      /yarn\.lock/.test(e.hint ?? ""),
  );
});

test("--sbom files of any name are read by the SBOM reader that accepts them", async () => {
  const spdx = corpusPath("schemas", "spdx", "SPDXJSONExample-v2.3.spdx.json");
  const root = tree({ "renamed.json": readFileSync(spdx, "utf8"), "junk.json": "{}" });
  const inv = await inventory([], { sbom: [join(root, "renamed.json")] });
  assert.ok(inv.packages.length > 0, "packages from the SPDX example");
  assert.deepEqual(inv.sources, [{ path: "renamed.json", format: "spdx.json" }]);
  // A named SBOM no reader accepts fails the inventory, naming the file and every reader's reason.
  await assert.rejects(inventory([], { sbom: [join(root, "renamed.json"), join(root, "junk.json")] }), {
    code: "PARSE_FAILED",
    message: /cannot read junk\.json: not a readable SBOM: bom\.json: .*spdx\.json: /,
  });
});
