import assert from "node:assert/strict";
import { test } from "node:test";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { packageJsonExtractor } from "./package-json.js";

// Mapping to osv-scalibr's packagejson extractor: upstream reads an *installed* package's manifest and reports
// that package itself (name@version of the manifest), optionally plus its dependencies with a version derived
// from the range (">2.0.0" -> "2.0.1"). Bulwark reads a project's package.json where no lockfile exists: it
// reports the *declared dependencies*, each with its declared range as version and resolved:false (never a
// guessed lowest version), and not the project itself. So every case is run, but what is asserted is our
// mapping: no package for the manifest itself, one per declared dependency.
const suite = loadLockfileSuite("javascript", "packagejson");

for (const c of suite.cases) {
  test(`packagejson ${c.fixture}: ${c.expectError ? "an error" : "declared dependencies, not the manifest itself"}`, async () => {
    const run = () => extractFixture(packageJsonExtractor, suite, c.fixture);
    if (c.expectError) {
      await assert.rejects(run, /not valid JSON at line 8/);
      return;
    }
    const packages = (await run()).packages;
    const self = c.packages?.[0];
    if (self?.metadata) {
      assert.ok(
        !packages.some((p) => p.name === self.name && p.version === self.version && p.direct !== true),
      );
      const declared = (self.metadata.dependencies ?? {}) as Record<string, string>;
      for (const [name, range] of Object.entries(declared)) {
        const found = packages.find((p) => p.name === name);
        assert.ok(found, `${name} is declared in ${c.fixture}`);
        assert.equal(found.version, range);
        assert.equal(found.direct, true);
      }
    }
    for (const p of packages) assert.equal(p.locations[0]?.path, c.fixture);
  });
}

test("package-with-deps.json: ranges stay ranges (resolved:false), exact versions are resolved", async () => {
  const got = (await extractFixture(packageJsonExtractor, suite, "package-with-deps.json")).packages.map(
    (p) => [p.name, p.version, p.resolved, p.locations[0]?.line],
  );
  assert.deepEqual(got, [
    ["dep1", "1.0.0", true, 5],
    ["dep2", ">2.0.0", false, 6],
    ["dep3", "~3.1.0", false, 7],
    ["dep4", "^0.4.2", false, 8],
    ["dep5", "5.x", false, 9],
    // upstream drops "invalid"; it may be a dist-tag, so we keep it, unresolved, rather than lose it
    ["dep6", "invalid", false, 10],
    ["dep7", ">=1.0.0 <2.0.0", false, 11],
  ]);
});

test("duplicate-keys.json: a name in dependencies and devDependencies is production, at its dependencies line", async () => {
  const [dep, ...rest] = (await extractFixture(packageJsonExtractor, suite, "duplicate-keys.json")).packages;
  assert.equal(rest.length, 0);
  assert.equal(dep?.name, "my-dep");
  assert.deepEqual(dep?.groups, []);
  assert.equal(dep?.locations[0]?.line, 8);
});

test("unity-package.json: Unity manifests are not npm and yield nothing", async () => {
  assert.deepEqual((await extractFixture(packageJsonExtractor, suite, "unity-package.json")).packages, []);
});

test("package.json groups, aliases and git specs", () => {
  const text = JSON.stringify(
    {
      dependencies: {
        a: "^1.0.0",
        b: "npm:real-b@2.0.0",
        local: "file:../x",
        g: "github:o/r#0123456789abcdef0123456789abcdef01234567",
      },
      devDependencies: { d: "~3.0.0" },
      optionalDependencies: { o: "4.0.0" },
      peerDependencies: { p: ">=5" },
    },
    null,
    2,
  );
  const pkgs = packageJsonExtractor.extract({
    path: "package.json",
    text,
    readFile: async () => undefined,
  }).packages;
  const by = Object.fromEntries(pkgs.map((p) => [p.name, p]));
  assert.deepEqual(Object.keys(by).sort(), ["a", "d", "g", "o", "p", "real-b"]);
  assert.equal(by["real-b"]?.version, "2.0.0");
  assert.equal(by["real-b"]?.resolved, true);
  assert.equal(by.g?.commit, "0123456789abcdef0123456789abcdef01234567");
  assert.equal(by.g?.resolved, false);
  assert.deepEqual(by.d?.groups, ["dev"]);
  assert.deepEqual(by.o?.groups, ["optional"]);
  assert.deepEqual(by.p?.groups, ["peer"]);
  // a range is no purl version: unresolved packages get a purl without one
  assert.equal(by.a?.purl, "pkg:npm/a");
  assert.equal(by["real-b"]?.purl, "pkg:npm/real-b@2.0.0");
});
