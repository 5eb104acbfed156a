import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure, fuzzExtractor } from "../../testing/extractor-kit.js";
import { cyclonedxJsonExtractor, readCyclonedxJson } from "./cyclonedx-json.js";
import { cyclonedxXmlExtractor, readCyclonedxXml } from "./cyclonedx-xml.js";

// corpus/lockfiles/sbom/cdx has fixtures but no expected.json; the official CycloneDX 1.6 examples are in
// corpus/schemas/cyclonedx/examples-1.6. Expectations are read off the documents themselves.
const fixture = (name: string) => readFileSync(corpusPath("lockfiles/sbom/cdx", name), "utf8");
const example = (name: string) => readFileSync(corpusPath("schemas/cyclonedx/examples-1.6", name), "utf8");

test("CycloneDX 1.6 example valid-bom: purl identity, Maven names, hashes, licences, edges", () => {
  const { packages, errors } = readCyclonedxJson("bom.json", example("valid-bom-1.6.json"));
  assert.equal(errors, undefined);
  assert.deepEqual(
    packages.map((p) => [p.ecosystem, p.name, p.version, p.purl]),
    [
      ["Maven", "com.acme:tomcat-catalina", "9.0.14", "pkg:maven/com.acme/tomcat-catalina@9.0.14"],
      ["Maven", "com.example:myapplication", "1.0.0", "pkg:maven/com.example/myapplication@1.0.0"],
      ["Maven", "com.example:myframework", "1.0.0", "pkg:maven/com.example/myframework@1.0.0"],
    ],
  );
  const [catalina] = packages;
  assert.deepEqual(catalina?.dependencies, ["pkg:maven/com.example/myapplication@1.0.0"]);
  assert.ok(
    catalina?.hashes?.includes("sha256:f498a8ff2dd007e29c2074f5e4b01a9a01775c3ff3aeaf6906ea503bc5791b7b"),
  );
  assert.deepEqual(catalina?.licenses, ["Apache-2.0"]);
  assert.deepEqual(catalina?.locations, [{ path: "bom.json" }]);
});

test("CycloneDX 1.6 example valid-compositions: nested components, subject's dependsOn -> direct", () => {
  const { packages } = readCyclonedxJson("bom.json", example("valid-compositions-1.6.json"));
  assert.deepEqual(
    packages.map((p) => [p.name, p.direct, p.dependencies]),
    [
      ["partner:shaded-library", true, ["pkg:maven/ossproject/library@2.0"]],
      ["ossproject:library", false, []],
      ["acme:library", true, []],
    ],
  );
});

test("CycloneDX: components without purl or with a purl type outside OSV are counted once", () => {
  const { packages, errors } = readCyclonedxJson(
    "nested.cdx.json",
    fixture("sbom-with-nested-comps.cdx.json"),
  );
  assert.deepEqual(
    packages.map((p) => p.purl),
    ["pkg:cargo/rustls@0.23.13"],
  );
  assert.deepEqual(errors, [
    {
      path: "nested.cdx.json",
      message:
        "2 of 3 components have no package URL of an OSV ecosystem and are not checked: openssl (pkg:generic), Nginx (no purl)",
    },
  ]);
  const noPurl = readCyclonedxJson("bom.json", example("valid-dependency-1.6.json"));
  assert.deepEqual(noPurl.packages, []);
  assert.match(noPurl.errors?.[0]?.message ?? "", /^3 of 3 components/);
});

test("CycloneDX: a component without purl whose bom-ref is a purl is identified by it", () => {
  // hand-written: the shape some generators write
  const bom = {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    components: [{ type: "library", "bom-ref": "pkg:pypi/idna@3.7", name: "idna" }],
  };
  assert.deepEqual(
    readCyclonedxJson("b.cdx.json", JSON.stringify(bom)).packages.map((p) => p.purl),
    ["pkg:pypi/idna@3.7"],
  );
});

test("CycloneDX: scoped npm purl, metadata component is not a package", () => {
  const { packages } = readCyclonedxJson("x.cdx.json", fixture("sbom-with-locations.cdx.json"));
  assert.deepEqual(
    packages.map((p) => [p.ecosystem, p.name, p.version]),
    [["npm", "@gar/promisify", "1.1.3"]],
  );
  assert.deepEqual(readCyclonedxJson("minimal.cdx.json", fixture("minimal.cdx.json")), { packages: [] });
});

test("CycloneDX XML gives what the same JSON document gives", () => {
  const xml = readCyclonedxXml("sbom.cdx.xml", fixture("sbom.cdx.xml"));
  const json = readCyclonedxJson("sbom.cdx.xml", fixture("sbom.cdx.json"));
  assert.deepEqual(xml, json);
  assert.match(xml.errors?.[0]?.message ?? "", /2 of 2 components/);
});

test("CycloneDX XML: namespaces 1.2-1.6, prefixed elements, nested components, dependencies, hashes", () => {
  // hand-written document covering the XML shapes the fixtures lack
  for (const version of ["1.2", "1.3", "1.4", "1.5", "1.6"]) {
    const text = `<?xml version="1.0"?>
<c:bom xmlns:c="http://cyclonedx.org/schema/bom/${version}" version="1">
  <c:metadata><c:component type="application" bom-ref="app"><c:name>app</c:name></c:component></c:metadata>
  <c:components>
    <c:component type="library" bom-ref="a">
      <c:name>a</c:name><c:version>1.0.0</c:version><c:purl>pkg:npm/a@1.0.0</c:purl>
      <c:hashes><c:hash alg="SHA-256">AB12</c:hash></c:hashes>
      <c:licenses><c:license><c:id>MIT</c:id></c:license></c:licenses>
      <c:components>
        <c:component type="library" bom-ref="b"><c:name>b</c:name><c:purl>pkg:pypi/b@2.0</c:purl></c:component>
      </c:components>
    </c:component>
  </c:components>
  <c:dependencies>
    <c:dependency ref="app"><c:dependency ref="a"/></c:dependency>
  </c:dependencies>
</c:bom>`;
    const { packages } = readCyclonedxXml("bom.xml", text);
    assert.deepEqual(
      packages.map((p) => [p.ecosystem, p.name, p.version, p.direct, p.dependencies, p.hashes, p.licenses]),
      [
        ["npm", "a", "1.0.0", true, ["pkg:pypi/b@2.0"], ["sha256:ab12"], ["MIT"]],
        ["PyPI", "b", "2.0", false, [], undefined, undefined],
      ],
      version,
    );
  }
});

test("CycloneDX: not CycloneDX, invalid, truncated, binary, deep -> a parse failure that does not repeat the path", async () => {
  for (const text of [
    fixture("invalid_sbom.cdxjson"),
    fixture("random_file.ext"),
    '{"bomFormat": "SPDX"}',
    "{",
    "\u0000\u00ff",
    "[".repeat(100_000),
  ]) {
    await assertParseFailure(() => readCyclonedxJson("sbom/my.cdx.json", text), { path: "sbom/my.cdx.json" });
  }
  for (const text of [
    fixture("random_file.ext"),
    "<bom><components>",
    '<bom xmlns="http://example.com"/>',
    "\u0000\u00ff",
  ]) {
    await assertParseFailure(() => readCyclonedxXml("sbom/my.cdx.xml", text), { path: "sbom/my.cdx.xml" });
  }
});

test("file names", () => {
  for (const p of ["bom.json", "a/b.cdx.json", "sbom.bom.json"])
    assert.ok(cyclonedxJsonExtractor.matches(p), p);
  for (const p of ["bom.xml", "a/b.cdx.xml", "sbom.bom.xml"]) assert.ok(cyclonedxXmlExtractor.matches(p), p);
  for (const p of ["sbom.cdx.json.foo.ext", "random_file.ext", "package.json", "mybom.json"]) {
    assert.ok(!cyclonedxJsonExtractor.matches(p) && !cyclonedxXmlExtractor.matches(p), p);
  }
});

fuzzExtractor(cyclonedxJsonExtractor, "bom.json", example("valid-bom-1.6.json"));
fuzzExtractor(cyclonedxXmlExtractor, "bom.xml", fixture("sbom.cdx.xml"));
