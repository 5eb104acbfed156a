import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { extractPackageLock } from "./package-lock.js";

async function extractProject(project: string) {
  const path = corpusPath("projects", project, "package-lock.json");
  const text = readFileSync(path, "utf8");
  return (
    await extractPackageLock({
      path: "package-lock.json",
      text,
      readFile: async (p) => {
        try {
          return readFileSync(corpusPath("projects", project, p), "utf8");
        } catch {
          return undefined;
        }
      },
    })
  ).packages;
}

const unique = (pkgs: { name: string; version: string }[]) =>
  new Set(pkgs.map((p) => `${p.name}@${p.version}`));

test("dependency-track-frontend: the 1,445 unique name@version that `npm ls --all --package-lock-only` lists", async () => {
  const packages = await extractProject("dependency-track-frontend");
  // Independently: python3 -c 'import json; d=json.load(open("package-lock.json"))["packages"];
  //   print(len({(p.get("name") or k.rsplit("node_modules/",1)[-1], p.get("version","")) for k,p in d.items() if k and not p.get("link")}))'
  // prints 1445, the count the issue gives for npm ls.
  assert.equal(unique(packages).size, 1445);
  const vue = packages.find((p) => p.name === "vue" && p.version.startsWith("2."));
  assert.ok(vue, "vue 2 is a dependency of the frontend");
  assert.equal(vue.direct, true);
  assert.deepEqual(vue.groups, []);
  assert.match(vue.purl, /^pkg:npm\/vue@2\./);
  const babelCore = packages.find((p) => p.name === "@babel/core");
  assert.ok(babelCore);
  assert.ok(babelCore.groups.includes("dev"), "@babel/core is a dev dependency");
  assert.equal(babelCore.purl, `pkg:npm/%40babel/core@${babelCore.version}`);
  assert.ok(babelCore.locations[0]?.line && babelCore.locations[0].line > 1);
  assert.ok(babelCore.dependencies.length > 5, "edges recorded");
  assert.ok(packages.some((p) => p.direct === false));
});

test("sigstore-js: 863 unique name@version once npm: aliases are mapped to real names", async () => {
  const packages = await extractProject("sigstore-js");
  // Independently: the same one-liner as above over sigstore-js/package-lock.json, where `name` carries the
  // real name of aliased entries and of workspace folders, prints 863.
  assert.equal(unique(packages).size, 863);
  // Workspace packages (packages/*) are the project's own and direct.
  const sigstore = packages.find((p) => p.name === "sigstore" && p.locations[0]?.line);
  assert.ok(sigstore);
  assert.equal(sigstore.direct, true);
  assert.ok(!packages.some((p) => p.name.includes("node_modules")));
});

test("dependency-track-frontend: every dependency edge points at a package of the same lockfile", async () => {
  const packages = await extractProject("dependency-track-frontend");
  const purls = new Set(packages.map((p) => p.purl));
  for (const p of packages) for (const d of p.dependencies) assert.ok(purls.has(d), `${p.purl} -> ${d}`);
});

test("package-lock entries that are not objects are reported with their line", async () => {
  const text = JSON.stringify(
    {
      lockfileVersion: 3,
      packages: { "": {}, "node_modules/a": "oops", "node_modules/b": { version: "1.0.0" } },
    },
    null,
    2,
  );
  const r = await extractPackageLock({ path: "package-lock.json", text, readFile: async () => undefined });
  assert.deepEqual(
    r.packages.map((p) => `${p.name}@${p.version}`),
    ["b@1.0.0"],
  );
  assert.deepEqual(r.errors, [
    { path: "package-lock.json", line: 5, message: 'entry "node_modules/a" is not an object; not read' },
  ]);
});

test("dependency-track-frontend (v2): each package's line is the line of its entry in the packages map", async () => {
  // Independently of the key scanner: npm writes every entry of "packages" as `\n    "<path>": {`.
  const text = readFileSync(corpusPath("projects", "dependency-track-frontend", "package-lock.json"), "utf8");
  const lock = JSON.parse(text) as { packages: Record<string, { name?: string; version?: string }> };
  const lineOf = (path: string) => {
    const at = text.indexOf(`\n    ${JSON.stringify(path)}: {`);
    return text.slice(0, at + 1).split("\n").length;
  };
  const expected = new Map<string, Set<number>>();
  for (const path of Object.keys(lock.packages)) {
    if (!path) continue;
    const name = lock.packages[path]?.name ?? path.slice(path.lastIndexOf("node_modules/") + 13);
    const key = `${name}@${lock.packages[path]?.version ?? ""}`;
    expected.set(key, (expected.get(key) ?? new Set()).add(lineOf(path)));
  }
  const packages = await extractProject("dependency-track-frontend");
  assert.equal(packages.length, 1445);
  for (const p of packages) {
    const lines = p.locations.map((l) => l.line);
    assert.ok(
      lines.length > 0 &&
        lines.every((l) => l !== undefined && expected.get(`${p.name}@${p.version}`)?.has(l)),
      `${p.name}@${p.version}: ${lines}`,
    );
  }
});
