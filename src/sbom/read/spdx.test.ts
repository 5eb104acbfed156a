import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor } from "../../testing/extractor-kit.js";
import { readSpdxJson, spdxJsonExtractor, spdxYamlExtractor } from "./spdx-json.js";
import { readSpdxTagValue, spdxTagValueExtractor } from "./spdx-tag-value.js";

// corpus/lockfiles/sbom/spdx has fixtures but no expected.json; the official SPDX 2.3 examples are in
// corpus/schemas/spdx. Expectations are read off the documents themselves.
const fixture = (name: string) => readFileSync(corpusPath("lockfiles/sbom/spdx", name), "utf8");
const official = (name: string) => readFileSync(corpusPath("schemas/spdx", name), "utf8");

test("official SPDX 2.3 JSON example: Jena by purl, the three packages without purl counted", () => {
  const { packages, errors } = readSpdxJson("example.spdx.json", official("SPDXJSONExample-v2.3.spdx.json"));
  assert.deepEqual(
    packages.map((p) => [p.ecosystem, p.name, p.version, p.purl]),
    [["Maven", "org.apache.jena:apache-jena", "3.12.0", "pkg:maven/org.apache.jena/apache-jena@3.12.0"]],
  );
  assert.deepEqual(
    errors?.map((e) => e.message),
    [
      "3 of 4 components have no package URL of an OSV ecosystem and are not checked: glibc (no purl), Apache Commons Lang (no purl), Saxon (no purl)",
    ],
  );
});

test("official SPDX 2.3 tag-value example reads the same packages as the JSON example", () => {
  const tagValue = readSpdxTagValue("example", official("SPDXTagExample-v2.3.spdx"));
  const json = readSpdxJson("example", official("SPDXJSONExample-v2.3.spdx.json"));
  // the two official examples differ in one relationship (tag-value: "SPDXRef-Package CONTAINS
  // SPDXRef-JenaLib", JSON: the reverse), which only changes whether Jena counts as transitive
  const strip = ({ direct: _, ...p }: (typeof json.packages)[number]) => p;
  assert.deepEqual(tagValue.packages.map(strip), json.packages.map(strip));
  assert.deepEqual(tagValue.errors, json.errors);
});

test("SPDX JSON, YAML and tag-value fixtures of the same document agree", () => {
  const json = readSpdxJson("sbom", fixture("sbom.spdx.json"));
  const yaml = spdxYamlExtractor.extract({
    path: "sbom",
    text: fixture("sbom.spdx.yml"),
    readFile: async () => undefined,
  });
  const tagValue = readSpdxTagValue("sbom", fixture("sbom.spdx"));
  assert.deepEqual(yaml, json);
  assert.deepEqual(tagValue, json);
  assert.deepEqual(json.packages, []);
  assert.match(
    json.errors?.[0]?.message ?? "",
    /^2 of 2 components.*Nginx \(no purl\), openssl \(pkg:generic\)/,
  );
});

test("SPDX fixtures: ancestor/descendant relations are not edges; unknown purl types are counted", () => {
  const { packages } = readSpdxJson("a.spdx.json", fixture("ancestor_of.spdx.json"));
  assert.deepEqual(
    packages.map((p) => [p.name, p.version, p.dependencies]),
    [["log4j:log4j", "1.2.15", []]],
  );
  const dhi = readSpdxJson("x", fixture("dhi/.spdx.dhi-pkg-python.json"));
  assert.deepEqual(dhi.packages, []);
  assert.match(dhi.errors?.[0]?.message ?? "", /dhi\/pkg-python \(pkg:docker\)/);
});

test("SPDX relationships: DEPENDS_ON, DEPENDENCY_OF and CONTAINS are edges; described packages' targets direct", () => {
  // hand-written document pinning the relationship rules
  const pkg = (id: string, purl: string) => ({
    SPDXID: id,
    name: id,
    externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: purl }],
  });
  const rel = (a: string, type: string, b: string) => ({
    spdxElementId: a,
    relationshipType: type,
    relatedSpdxElement: b,
  });
  const doc = {
    spdxVersion: "SPDX-2.3",
    SPDXID: "SPDXRef-DOCUMENT",
    packages: [
      pkg("app", "pkg:npm/app@1.0.0"),
      pkg("a", "pkg:npm/a@1.0.0"),
      pkg("b", "pkg:npm/b@2.0.0"),
      pkg("c", "pkg:npm/c@3.0.0"),
    ],
    relationships: [
      rel("SPDXRef-DOCUMENT", "DESCRIBES", "app"),
      rel("app", "DEPENDS_ON", "a"),
      rel("a", "DEPENDENCY_OF", "b"),
      rel("a", "CONTAINS", "c"),
      rel("c", "DESCENDANT_OF", "a"),
    ],
  };
  const { packages } = readSpdxJson("x.spdx.json", JSON.stringify(doc));
  assert.deepEqual(
    packages.map((p) => [p.name, p.direct, p.dependencies]),
    [
      ["app", undefined, ["pkg:npm/a@1.0.0"]],
      ["a", true, ["pkg:npm/c@3.0.0"]],
      ["b", false, ["pkg:npm/a@1.0.0"]],
      ["c", false, []],
    ],
  );
});

test("SPDX: not SPDX, invalid, truncated, binary, deep -> a parse failure that does not repeat the path", async () => {
  for (const text of [
    fixture("invalid_sbom.spdx"),
    fixture("random_file.ext"),
    '{"spdxVersion": "SPDX-3.0"}',
    "{",
    "\u0000\u00ff",
    "[".repeat(100_000),
  ]) {
    await assertParseFailure(() => readSpdxJson("sbom/my.spdx.json", text), { path: "sbom/my.spdx.json" });
  }
  for (const text of [
    fixture("invalid_sbom.spdx"),
    "",
    "\u0000\u00ff",
    "SPDXVersion: SPDX-2.3\nRelationship: only-one",
  ]) {
    await assertParseFailure(() => readSpdxTagValue("sbom/my.spdx", text), { path: "sbom/my.spdx" });
  }
});

test("file names", () => {
  assert.ok(spdxJsonExtractor.matches("a/sbom.spdx.json"));
  assert.ok(spdxTagValueExtractor.matches("sbom.spdx"));
  assert.ok(spdxYamlExtractor.matches("sbom.spdx.yml"));
  for (const p of ["sbom.spdx.foo.ext", "sbom.spdx.rdf", "spdx.json"]) {
    assert.ok(![spdxJsonExtractor, spdxTagValueExtractor, spdxYamlExtractor].some((e) => e.matches(p)), p);
  }
});

fuzzExtractor(spdxJsonExtractor, "sbom.spdx.json", official("SPDXJSONExample-v2.3.spdx.json"));
fuzzExtractor(spdxTagValueExtractor, "sbom.spdx", official("SPDXTagExample-v2.3.spdx"));
