import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor } from "../../testing/extractor-kit.js";
import { packagesConfigExtractor as extractor } from "./packages-config.js";

// corpus/lockfiles/dotnet/packagesconfig has fixtures but no expected.json: the expectations below are read
// off the fixtures themselves.
const fixture = (name: string) => {
  const path = corpusPath("lockfiles/dotnet/packagesconfig", name);
  return extractor.extract({
    path: "packages.config",
    text: readFileSync(path, "utf8"),
    readFile: async () => undefined,
  });
};

test("packages.config: valid: both packages, developmentDependency -> dev, lines", () => {
  const { packages, errors } = fixture("valid");
  assert.deepEqual(
    packages.map((p) => [p.name, p.version, p.groups, p.locations[0]?.line, p.purl]),
    [
      [
        "Microsoft.CodeDom.Providers.DotNetCompilerPlatform",
        "1.0.0",
        [],
        3,
        "pkg:nuget/Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0",
      ],
      ["Microsoft.Net.Compilers", "1.0.0", ["dev"], 4, "pkg:nuget/Microsoft.Net.Compilers@1.0.0"],
    ],
  );
  assert.equal(errors, undefined);
});

test("packages.config: a package without version is reported as an error, not dropped silently", () => {
  const { packages, errors } = fixture("noversion");
  assert.deepEqual(
    packages.map((p) => p.name),
    ["Microsoft.CodeDom.Providers.DotNetCompilerPlatform"],
  );
  assert.equal(errors?.length, 1);
  assert.match(errors?.[0]?.message ?? "", /Microsoft\.Net\.Compilers.*without version/);
  assert.equal(errors?.[0]?.line, 4);
});

test("packages.config: a package without id is reported as an error", () => {
  const { packages, errors } = fixture("nopackage");
  assert.deepEqual(
    packages.map((p) => p.name),
    ["Microsoft.CodeDom.Providers.DotNetCompilerPlatform"],
  );
  assert.match(errors?.[0]?.message ?? "", /without id/);
});

test("packages.config: invalid XML is a parse failure with its line", async () => {
  const path = "src/App/packages.config";
  await assertParseFailure(() => fixture("invalid"), {
    path: "packages.config",
    message: /not valid XML/,
    line: true,
  });
  for (const text of ["", "<packages><package id='a'", "\u0000\u0001\u0002", "<root/>"]) {
    await assertParseFailure(() => extractor.extract({ path, text, readFile: async () => undefined }), {
      path,
    });
  }
});

fuzzExtractor(
  extractor,
  "packages.config",
  readFileSync(corpusPath("lockfiles/dotnet/packagesconfig/valid"), "utf8"),
);
