import assert from "node:assert/strict";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Finding } from "../../model/finding.js";
import { corpusPath } from "../../testing/corpus.js";
import { loadVex, parseVex, vexSuppression } from "./index.js";

const tmp = mkdtempSync(join(tmpdir(), "bulwark-vex-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const finding = (id: string, aliases: string[], purl: string) =>
  ({ id, aliases, package: { purl } }) as unknown as Finding;

describe("CycloneDX VEX", () => {
  it("reads the official 1.6 vulnerability example: id, references, state, affects", async () => {
    const file = corpusPath("schemas", "cyclonedx", "examples-1.6", "valid-vulnerability-1.6.json");
    const [s, ...rest] = await loadVex([file]);
    assert.equal(rest.length, 0);
    assert.deepEqual(s?.ids, ["SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111", "CVE-2018-7489"]);
    assert.deepEqual(s?.products, ["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4"]);
    assert.equal(s?.status, "not_affected");
    assert.equal(s?.source, file);
  });

  it("resolves bom-refs and BOM-Links to component purls and maps resolved to fixed", () => {
    const doc = {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      components: [{ "bom-ref": "net", purl: "pkg:golang/golang.org/x/net@0.5.6" }],
      vulnerabilities: [
        { id: "CVE-2022-41723", analysis: { state: "resolved" }, affects: [{ ref: "urn:cdx:abc/1#net" }] },
        { id: "CVE-1", analysis: { state: "in_triage" }, affects: [{ ref: "net" }] },
        { id: "CVE-2" },
      ],
    };
    const statements = parseVex(JSON.stringify(doc), "x.cdx.json");
    assert.deepEqual(
      statements.map((s) => [s.ids[0], s.status, s.products[0]]),
      [
        ["CVE-2022-41723", "fixed", "pkg:golang/golang.org/x/net@0.5.6"],
        ["CVE-1", "under_investigation", "pkg:golang/golang.org/x/net@0.5.6"],
      ],
    );
  });
});

describe("OpenVEX", () => {
  it("accepts v0.0.x string forms", () => {
    const doc = {
      "@context": "https://openvex.dev/ns",
      statements: [{ vulnerability: "CVE-1", products: ["pkg:npm/a@1.0.0"], status: "fixed" }],
    };
    const [s] = parseVex(JSON.stringify(doc), "old.json");
    assert.deepEqual(s?.products, ["pkg:npm/a@1.0.0"]);
    assert.equal(s?.status, "fixed");
  });

  it("latest statement wins; under_investigation and affected do not suppress", () => {
    const doc = {
      "@context": "https://openvex.dev/ns/v0.2.0",
      timestamp: "2026-01-01T00:00:00Z",
      statements: [
        {
          vulnerability: { name: "CVE-1" },
          products: [{ "@id": "pkg:npm/a" }],
          status: "under_investigation",
        },
        {
          vulnerability: { name: "GHSA-1" },
          products: [{ "@id": "pkg:npm/a", identifiers: { purl: "pkg:npm/a@1.0.0" } }],
          status: "not_affected",
          justification: "inline_mitigations_already_exist",
          timestamp: "2026-03-01T00:00:00Z",
        },
      ],
    };
    const statements = parseVex(JSON.stringify(doc), "v.json").map((s, order) => ({ ...s, order }));
    assert.equal(vexSuppression(finding("GHSA-1", ["CVE-1"], "pkg:npm/a@1.0.0"), statements)?.by, "vex");
    assert.equal(vexSuppression(finding("CVE-1", [], "pkg:npm/a@1.0.0"), statements.slice(0, 1)), undefined);
    assert.equal(vexSuppression(finding("GHSA-1", [], "pkg:npm/b@1.0.0"), statements), undefined);
  });
});

describe("malformed VEX names the file", () => {
  const bad: [string, string, RegExp][] = [
    [
      "truncated.json",
      '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [',
      /truncated\.json: not valid JSON/,
    ],
    ["binary.json", "\u0000\u0001\u0002", /binary\.json: binary data \(NUL byte at offset 0\)/],
    ["other.json", '{"hello": 1}', /other\.json: neither an OpenVEX nor a CycloneDX document/],
    [
      "nostatements.json",
      '{"@context": "https://openvex.dev/ns/v0.2.0"}',
      /nostatements\.json: OpenVEX document has no "statements"/,
    ],
    [
      "status.json",
      '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "X"}, "products": [{"@id": "pkg:npm/a"}], "status": "fine"}]}',
      /status\.json: statements\[0\] has an invalid status "fine"/,
    ],
    [
      "noproducts.json",
      '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "X"}, "status": "fixed"}]}',
      /noproducts\.json: statements\[0\] names no products/,
    ],
    [
      "state.cdx.json",
      '{"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "X", "analysis": {"state": "nope"}, "affects": [{"ref": "pkg:npm/a"}]}]}',
      /state\.cdx\.json: vulnerabilities\[0\] has an invalid analysis\.state/,
    ],
    ["deep.json", `${"[".repeat(100000)}${"]".repeat(100000)}`, /deep\.json: /],
  ];
  for (const [name, text, error] of bad) {
    it(name, async () => {
      const file = join(tmp, name);
      writeFileSync(file, text);
      await assert.rejects(loadVex([file]), (e: Error) => e.name === "VexError" && error.test(e.message));
    });
  }
  it("a missing file", async () => {
    await assert.rejects(loadVex([join(tmp, "missing.json")]), {
      code: "INPUT_UNREADABLE",
      message: /cannot read VEX file .*missing\.json: .*ENOENT/,
    });
  });

  it("a file over the size limit is refused before it is read", async () => {
    const file = join(tmp, "huge.json");
    writeFileSync(file, "");
    truncateSync(file, 65 * 1024 * 1024); // sparse: no 65 MiB written, but that is its size
    await assert.rejects(loadVex([file]), { code: "INPUT_UNREADABLE", message: /larger than the limit/ });
  });
});
