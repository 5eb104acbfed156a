import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { corpusPath } from "../../testing/corpus.js";
import { assertParseFailure } from "../../testing/extractor-kit.js";
import { sbomExtractors } from "../extractors.js";
import { readSbom, sniffSbom } from "./index.js";

const cdx = (name: string) => readFileSync(corpusPath("lockfiles/sbom/cdx", name), "utf8");
const spdx = (name: string) => readFileSync(corpusPath("lockfiles/sbom/spdx", name), "utf8");
const official = (name: string) => readFileSync(corpusPath("schemas/spdx", name), "utf8");

test("sniffSbom recognises each format by content, whatever the file name", () => {
  assert.equal(sniffSbom(cdx("sbom.cdx.json")), "cyclonedx-json");
  assert.equal(sniffSbom(cdx("sbom.cdx.xml")), "cyclonedx-xml");
  assert.equal(sniffSbom(spdx("sbom.spdx.json")), "spdx-json");
  assert.equal(sniffSbom(spdx("sbom.spdx")), "spdx-tag-value");
  assert.equal(sniffSbom(spdx("sbom.spdx.yml")), "spdx-yaml");
  for (const text of [
    cdx("random_file.ext"),
    cdx("invalid_sbom.cdxjson"),
    '{"name": "pkg"}',
    "<project/>",
    "",
  ]) {
    assert.equal(sniffSbom(text), undefined);
  }
});

test("readSbom reads generic names (sbom.json, out.xml) by content", () => {
  assert.deepEqual(
    readSbom(cdx("sbom-with-locations.cdx.json"), "sbom.json").packages.map((p) => p.purl),
    ["pkg:npm/%40gar/promisify@1.1.3"],
  );
  assert.deepEqual(readSbom(cdx("sbom.cdx.xml"), "out.xml"), readSbom(cdx("sbom.cdx.json"), "out.xml"));
  assert.equal(
    readSbom(official("SPDXTagExample-v2.3.spdx"), "sbom.txt").packages[0]?.name,
    "org.apache.jena:apache-jena",
  );
});

test("readSbom: not an SBOM -> a parse failure that does not repeat the path", async () => {
  await assertParseFailure(() => readSbom(cdx("random_file.ext"), "sbom/random_file.ext"), {
    path: "sbom/random_file.ext",
    message: /^not an SBOM Bulwark reads$/,
  });
  await assertParseFailure(() => readSbom(cdx("sbom.cdx.json.foo.ext"), "sbom/x.ext"), {
    path: "sbom/x.ext",
    message: /^not an SBOM Bulwark reads$/,
  });
});

test("sbomExtractors are listed for the inventory", () => {
  assert.deepEqual(
    sbomExtractors.map((e) => e.format),
    ["bom.json", "bom.xml", "spdx.json", "spdx.yaml", "spdx", "bulwark-inventory.json"],
  );
});

test("readSbom: arbitrary text never throws anything but an Error", () => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      for (const prefix of [
        "",
        '{"bomFormat":"CycloneDX",',
        '{"spdxVersion":"SPDX-2.3",',
        "SPDXVersion: SPDX-2.3\n",
      ]) {
        try {
          readSbom(prefix + text, "x");
        } catch (error) {
          assert.ok(error instanceof Error);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test("readSbom: OS package purls keep their distribution release as the ecosystem suffix", () => {
  // hand-written CycloneDX document with the purl shape Syft and Trivy write for Debian packages
  const bom = {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    components: [
      {
        type: "library",
        name: "openssl",
        purl: "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
      },
    ],
  };
  const [openssl] = readSbom(JSON.stringify(bom), "image.cdx.json").packages;
  assert.deepEqual(
    [openssl?.ecosystem, openssl?.name, openssl?.version, openssl?.purl],
    ["Debian:12", "openssl", "3.0.11-1~deb12u2", "pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=debian-12"],
  );
});
