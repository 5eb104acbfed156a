import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertOnlyErrors } from "../../testing/extractor-kit.js";
import { ExtractError } from "../errors.js";
import { gradleVerificationMetadataExtractor as extractor } from "./gradle-verification-metadata.js";

// corpus/lockfiles/java/gradleverificationmetadataxml has fixtures but no expected.json: the expectations
// below were read off the files by hand (the comments in the fixtures give the lines).
const fixture = (name: string) =>
  extractor.extract({
    path: "gradle/verification-metadata.xml",
    text: readFileSync(corpusPath("lockfiles", "java", "gradleverificationmetadataxml", name), "utf8"),
    readFile: async () => undefined,
  });
const summary = (name: string) =>
  fixture(name).packages.map((p) => [`${p.name}@${p.version}`, p.locations.map((l) => l.line)]);

describe("gradle verification-metadata.xml extractor", () => {
  it("matches gradle/verification-metadata.xml only", () => {
    assert.ok(extractor.matches("gradle/verification-metadata.xml"));
    assert.ok(extractor.matches("app/gradle/verification-metadata.xml"));
    assert.ok(!extractor.matches("verification-metadata.xml"));
  });

  it("one-package: coordinates, line and every artifact's checksum", () => {
    const [pkg] = fixture("one-package.xml").packages;
    assert.equal(pkg.purl, "pkg:maven/org.apache.pdfbox/pdfbox@2.0.17");
    assert.deepEqual(pkg.locations, [{ path: "gradle/verification-metadata.xml", line: 10 }]);
    assert.equal(pkg.hashes?.length, 2);
    assert.match(pkg.hashes![0], /^sha512:7e11e54a/);
  });

  it("two-packages: a pgp-only component has no checksum", () => {
    const r = fixture("two-packages.xml");
    assert.deepEqual(summary("two-packages.xml"), [
      ["org.apache.pdfbox:pdfbox@2.0.17", [10]],
      ["com.github.javaparser:javaparser-core@3.6.11", [18]],
    ]);
    assert.equal(r.packages[1].hashes, undefined);
  });

  it("attribute order, single quotes and multi-line tags do not matter", () => {
    assert.deepEqual(summary("attribute-order.xml"), [["org.apache.pdfbox:pdfbox@2.0.17", [6]]]);
    assert.deepEqual(summary("single-quotes.xml"), [["org.apache.pdfbox:pdfbox@2.0.17", [5]]]);
    assert.deepEqual(summary("multi-line.xml"), [["org.apache.pdfbox:pdfbox@2.0.17", [5]]]);
  });

  it("duplicates: one package, both lines", () => {
    assert.deepEqual(summary("duplicates.xml"), [["org.apache.pdfbox:pdfbox@2.0.17", [5, 12]]]);
  });

  it("multiple-versions: all 18 components (every verified version is listed)", () => {
    const r = fixture("multiple-versions.xml");
    assert.equal(r.packages.length, 18);
    assert.equal(r.packages.filter((p) => p.name === "androidx.activity:activity").length, 6);
  });

  it("odd-versions: versions kept verbatim", () => {
    const versions = fixture("odd-versions.xml").packages.map((p) => p.version);
    assert.ok(versions.includes("9+181-r4173-1"));
    assert.ok(versions.includes("2.0.0-deprecated-use-gradle-api"));
  });

  it("missing-attribute: each incomplete component is an error with its line, none a package", () => {
    const r = fixture("missing-attribute.xml");
    assert.deepEqual(r.packages, []);
    assert.deepEqual(
      r.errors?.map((e) => [e.line, e.message]),
      [
        [6, "<component> without group; it is not reported"],
        [12, "<component> without name; it is not reported"],
        [18, "<component> without version; it is not reported"],
      ],
    );
  });

  it("empty: no packages", () => {
    assert.deepEqual(fixture("empty.xml"), { packages: [], errors: [] });
  });

  it("not-xml: ExtractError naming the line", () => {
    assert.throws(
      () => fixture("not-xml.txt"),
      (e: unknown) => e instanceof ExtractError && e.line === 1,
    );
  });

  it("arbitrary text never throws anything but an Error", async () => {
    const seed = readFileSync(
      corpusPath("lockfiles", "java", "gradleverificationmetadataxml", "two-packages.xml"),
      "utf8",
    );
    await assertOnlyErrors(
      (text) =>
        extractor.extract({
          path: "gradle/verification-metadata.xml",
          text,
          readFile: async () => undefined,
        }),
      seed,
    );
  });
});
