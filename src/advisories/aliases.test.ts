import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { groupAliases } from "./aliases.js";
import { copy, corpusFiles, corpusRecord } from "./corpus-fixtures.test.js";
import { parseOsvDocument } from "./osv-reader.js";

describe("groupAliases", () => {
  test("records naming the same CVE in aliases form one group; GHSA is preferred over GO, PYSEC, RUSTSEC", () => {
    const groups = groupAliases([
      corpusRecord("ghsa-and-others/GO-2023-1558.json"),
      corpusRecord("ghsa-and-others/GHSA-2h6c-j3gf-xp9r.json"),
      corpusRecord("ghsa-and-others/RUSTSEC-2022-0013.json"),
      corpusRecord("ghsa-and-others/GHSA-m5pq-gvj9-9vr8.json"),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.primary, g.records.map((r) => r.id).sort(), g.ids]),
      [
        [
          "GHSA-2h6c-j3gf-xp9r",
          ["GHSA-2h6c-j3gf-xp9r", "GO-2023-1558"],
          ["CVE-2023-23626", "GHSA-2h6c-j3gf-xp9r", "GO-2023-1558"],
        ],
        [
          "GHSA-m5pq-gvj9-9vr8",
          ["GHSA-m5pq-gvj9-9vr8", "RUSTSEC-2022-0013"],
          ["CVE-2022-24713", "GHSA-m5pq-gvj9-9vr8", "RUSTSEC-2022-0013"],
        ],
      ],
    );
  });

  test("a single upstream id is the same flaw: RHSA-2024:4546 joins GO-2024-2687 through CVE-2023-45288", () => {
    const rhsa = corpusRecord("ghsa-and-others/RHSA-2024_4546.json");
    const go = corpusFiles("osv", "go").find((f) => f.endsWith("GO-2024-2687.json"))!;
    const goRecord = parseOsvDocument(readFileSync(go, "utf8"), go).records[0]!;
    const groups = groupAliases([rhsa, goRecord]);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.primary, "GO-2024-2687", "a database id is preferred over a distribution's");
    assert.ok(groups[0]!.ids.includes("CVE-2023-45288"));
  });

  test("a record with several upstream ids does not glue them together (UBUNTU-CVE-2025-38094, modified: a second upstream id added)", () => {
    const ubuntu = corpusRecord("ghsa-and-others/UBUNTU-CVE-2025-38094.json");
    const bundle = copy(ubuntu);
    bundle.id = "UBUNTU-BUNDLE-1"; // modification: a bundle advisory naming two flaws
    bundle.upstream = ["CVE-2025-38094", "CVE-2023-45288"];
    const rhsa = corpusRecord("ghsa-and-others/RHSA-2024_4546.json"); // upstream CVE-2023-45288
    const groups = groupAliases([ubuntu, bundle, rhsa]);
    assert.deepEqual(
      groups.map((g) => g.records.map((r) => r.id)),
      [["RHSA-2024:4546"], ["UBUNTU-BUNDLE-1"], ["UBUNTU-CVE-2025-38094"]],
    );
  });

  test("the same id read twice counts once; the primary is a record id, CVE only when no other", () => {
    const a = corpusRecord("ghsa-and-others/GO-2023-1558.json");
    const groups = groupAliases([a, copy(a)]);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.records.length, 1);
    const cve = corpusRecord("ghsa-and-others/CVE-2024-1013.json");
    assert.equal(groupAliases([cve])[0]!.primary, "CVE-2024-1013");
  });

  test("the whole corpus groups quickly and every record lands in exactly one group", () => {
    const records = corpusFiles("osv")
      .filter((f) => /\.(json|ya?ml)$/.test(f))
      .flatMap((f) => parseOsvDocument(readFileSync(f, "utf8"), f).records);
    const start = performance.now();
    const groups = groupAliases(records);
    assert.ok(performance.now() - start < 2000);
    const ids = groups.flatMap((g) => g.records.map((r) => r.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.length, new Set(records.map((r) => r.id)).size);
  });

  test("long alias chains do not overflow the stack", () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => ({
      id: `X-${i}`,
      modified: "2024-01-01T00:00:00Z",
      aliases: [`X-${i + 1}`],
    }));
    const groups = groupAliases(chain);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.records.length, 100_000);
  });
});
