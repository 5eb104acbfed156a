import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor } from "../../testing/extractor-kit.js";
import { packageReferenceExtractor as extractor } from "./package-reference.js";

// corpus/lockfiles/dotnet/{csproj,nugetcpm} have fixtures but no expected.json: the expectations below are
// read off the fixtures themselves.
const run = (path: string, text: string, files: Record<string, string> = {}) =>
  extractor.extract({ path, text, readFile: async (p) => files[p] });
const fixture = (dir: string, name: string, path: string) =>
  run(path, readFileSync(corpusPath("lockfiles/dotnet", dir, name), "utf8"));

for (const [dir, path] of [
  ["csproj", "src/App/App.csproj"],
  ["nugetcpm", "Directory.Packages.props"],
] as const) {
  test(`${dir}: valid -> LiteDB 5.0.12 on line 3`, async () => {
    const { packages, errors } = await fixture(dir, "valid", path);
    assert.deepEqual(
      packages.map((p) => [p.name, p.version, p.direct, p.resolved, p.locations[0]?.line, p.purl]),
      [["LiteDB", "5.0.12", true, true, 3, "pkg:nuget/LiteDB@5.0.12"]],
    );
    assert.equal(errors, undefined);
  });
  for (const name of ["emptyversion", "noversion"]) {
    test(`${dir}: ${name} -> no package, one error naming LiteDB`, async () => {
      const { packages, errors } = await fixture(dir, name, path);
      assert.deepEqual(packages, []);
      assert.match(errors?.[0]?.message ?? "", /LiteDB: no version/);
    });
  }
  for (const name of ["emptyinclude", "nopackage"]) {
    test(`${dir}: ${name} -> no package`, async () => {
      const { packages } = await fixture(dir, name, path);
      assert.deepEqual(packages, []);
    });
  }
  test(`${dir}: invalid -> a parse failure with its line, not the path`, async () => {
    await assertParseFailure(() => fixture(dir, "invalid", path), {
      path,
      message: /not valid XML/,
      line: true,
    });
  });
}

test("csproj: emptyinclude is reported as an error", async () => {
  const { errors } = await fixture("csproj", "emptyinclude", "App.csproj");
  assert.match(errors?.[0]?.message ?? "", /empty or missing Include/);
});

test("csproj: version from the nearest Directory.Packages.props, $(Property), ranges unresolved", async () => {
  // hand-written case pinning central package management and property expansion
  const project = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><SerilogVersion>2.10.0</SerilogVersion></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="LiteDB" />
    <PackageReference Include="Serilog" Version="$(SerilogVersion)" />
    <PackageReference Include="Newtonsoft.Json" Version="[13.0.1, 14.0)" />
    <PackageReference Include="StyleCop.Analyzers" Version="1.1.118" PrivateAssets="all" />
  </ItemGroup>
</Project>`;
  const props = `<Project><ItemGroup><PackageVersion Include="litedb" Version="5.0.17" /></ItemGroup></Project>`;
  const { packages } = await run("src/App/App.csproj", project, { "../../Directory.Packages.props": props });
  assert.deepEqual(
    packages.map((p) => [p.name, p.version, p.resolved, p.groups, p.locations[0]?.line]),
    [
      ["LiteDB", "5.0.17", true, [], 4],
      ["Serilog", "2.10.0", true, [], 5],
      ["Newtonsoft.Json", "[13.0.1, 14.0)", false, [], 6],
      ["StyleCop.Analyzers", "1.1.118", true, ["dev"], 7],
    ],
  );
});

test("matches project and central package files only", () => {
  for (const p of [
    "a/B.csproj",
    "x.fsproj",
    "y.vbproj",
    "Directory.Packages.props",
    "s/Directory.Build.props",
  ]) {
    assert.ok(extractor.matches(p), p);
  }
  for (const p of ["a/B.csproj.user", "props", "Directory.Packages.props.bak"])
    assert.ok(!extractor.matches(p), p);
});

test("deeply nested XML throws an Error", async () => {
  const deep = `<Project>${"<a>".repeat(20_000)}${"</a>".repeat(20_000)}</Project>`;
  try {
    await run("App.csproj", deep);
  } catch (error) {
    assert.ok(error instanceof Error);
  }
});

fuzzExtractor(extractor, "App.csproj", readFileSync(corpusPath("lockfiles/dotnet/csproj/valid"), "utf8"));
