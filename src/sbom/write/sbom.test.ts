import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { inventory } from "../../inventory/index.js";
import type { Inventory } from "../../model/inventory.js";
import { corpusPath } from "../../testing/corpus.js";
import { cycloneDxValidator, schemaErrors, spdxValidator } from "../../testing/schemas.js";
import { readSbom } from "../read/index.js";
import { toCycloneDx } from "./cyclonedx.js";
import { toSpdx } from "./spdx.js";

// Every document generated from the real corpus projects must validate against the official schemas
// (corpus/schemas) and carry every package, its hashes and its dependency edges.

const PROJECTS = ["dependency-track-frontend", "sigstore-js", "renovate", "osv.dev", "guac", "scorecard"];
const inventories = new Map<string, Inventory>();

before(async () => {
  for (const name of PROJECTS) inventories.set(name, await inventory([corpusPath("projects", name)]));
});

describe("CycloneDX 1.6", () => {
  for (const name of PROJECTS) {
    test(`${name}: valid against bom-1.6.schema.json, one component per package`, () => {
      const inv = inventories.get(name)!;
      const doc = toCycloneDx(inv, { name }) as { components: { purl?: string }[]; dependencies: unknown[] };
      assert.equal(schemaErrors(cycloneDxValidator("1.6"), doc), "");
      assert.ok(inv.packages.length > 0);
      assert.equal(doc.components.length, new Set(inv.packages.map((p) => p.purl)).size);
      assert.equal(doc.dependencies.length, doc.components.length + 1);
    });
  }

  test("dependency-track-frontend: npm integrity becomes a SHA-512 hex digest and edges are kept", () => {
    const inv = inventories.get("dependency-track-frontend")!;
    const doc = toCycloneDx(inv, { name: "dtf" }) as {
      components: { purl: string; hashes?: { alg: string; content: string }[] }[];
      dependencies: { ref: string; dependsOn: string[] }[];
    };
    const withHash = doc.components.filter((c) => c.hashes?.some((h) => h.alg === "SHA-512"));
    assert.ok(withHash.length > 1000, `only ${withHash.length} components have a SHA-512`);
    assert.ok(withHash.every((c) => c.hashes!.every((h) => /^[0-9a-f]{128}$/.test(h.content))));
    // package-lock v3 records a string `license` for 84 unique name@version (link entries and the root
    // project aside; counted with a python one-liner over packages[*].license)
    const licensed = doc.components.filter((c) => (c as { licenses?: unknown[] }).licenses?.length);
    assert.equal(licensed.length, 84);
    const edges = doc.dependencies.reduce((n, d) => n + d.dependsOn.length, 0);
    const inventoryEdges = inv.packages.reduce((n, p) => n + new Set(p.dependencies).size, 0);
    assert.ok(edges >= inventoryEdges, `${edges} edges in the BOM, ${inventoryEdges} in the inventory`);
  });

  test("embeds vulnerabilities with ratings and affects", () => {
    const inv = inventories.get("guac")!;
    const purl = inv.packages[0].purl;
    const doc = toCycloneDx(inv, {
      name: "guac",
      vulnerabilities: [
        {
          id: "GO-2024-2687",
          aliases: ["CVE-2023-45288", "GHSA-4v7x-pqxf-cx7m"],
          summary: "HTTP/2 CONTINUATION flood in net/http",
          rating: "high",
          score: 7.5,
          method: "CVSSv31",
          vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
          affects: [purl],
          fixed: ["0.23.0"],
          references: ["https://go.dev/issue/65051"],
          analysis: { state: "not_affected", detail: "not reachable" },
        },
      ],
    });
    assert.equal(schemaErrors(cycloneDxValidator("1.6"), doc), "");
    const v = (doc.vulnerabilities as { affects: { ref: string }[]; ratings: { severity: string }[] }[])[0];
    assert.deepEqual(v.affects, [{ ref: purl }]);
    assert.equal(v.ratings[0].severity, "high");
  });
});

describe("SPDX 2.3", () => {
  for (const name of PROJECTS) {
    test(`${name}: valid against spdx-2.3.schema.json, purls as external references`, () => {
      const inv = inventories.get(name)!;
      const doc = toSpdx(inv, { name }) as {
        packages: { SPDXID: string; externalRefs?: { referenceLocator: string }[] }[];
        relationships: { spdxElementId: string; relatedSpdxElement: string }[];
      };
      assert.equal(schemaErrors(spdxValidator(), doc), "");
      assert.equal(doc.packages.length, new Set(inv.packages.map((p) => p.purl)).size + 1);
      const ids = new Set(doc.packages.map((p) => p.SPDXID));
      assert.ok(doc.relationships.every((r) => ids.has(r.relatedSpdxElement)));
      const purls = new Set(doc.packages.flatMap((p) => p.externalRefs ?? []).map((r) => r.referenceLocator));
      assert.ok(inv.packages.every((p) => !p.purl || purls.has(p.purl)));
    });
  }
});

describe("round trip: Bulwark reads what it writes", () => {
  for (const [format, write] of [
    ["CycloneDX", toCycloneDx],
    ["SPDX", toSpdx],
  ] as const) {
    test(`${format}: sigstore-js packages and edges survive writing and reading back`, () => {
      const inv = inventories.get("sigstore-js")!;
      const back = readSbom(JSON.stringify(write(inv, { name: "sigstore-js" })), "bom.json");
      const key = (p: { purl: string }) => p.purl;
      assert.deepEqual(new Set(back.packages.map(key)), new Set(inv.packages.map(key)));
      const edges = (ps: { purl: string; dependencies: string[] }[]) =>
        new Set(ps.flatMap((p) => p.dependencies.map((d) => `${p.purl} -> ${d}`)));
      assert.deepEqual(edges(back.packages), edges(inv.packages));
    });
  }
});
