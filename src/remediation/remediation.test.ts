import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fixedVersions, isAffected } from "../advisories/index.js";
import { compareVersions } from "../ecosystems/index.js";
import { inventory } from "../inventory/index.js";
import type { Finding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import type { OsvRecord } from "../model/osv.js";
import { scanInventory } from "../scan/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import {
  fixedInText,
  fixesForVersion,
  isMajorUpgrade,
  packageLabel,
  packageName,
  planRemediation,
  smallestSafeVersion,
} from "./index.js";
import { InventoryIndex, upgradeFromInventory } from "./inventory-upgrade.js";

const record = (id: string, folder = "go"): OsvRecord =>
  JSON.parse(readFileSync(corpusPath("osv", folder, `${id}.json`), "utf8"));
const source = (records: OsvRecord[]) => ({ recordsFor: () => records, fixedVersions, isAffected });
const xnet = {
  ecosystem: "Go",
  name: "golang.org/x/net",
  version: "0.5.6",
  purl: "pkg:golang/golang.org/x/net@0.5.6",
};

function findingFor(r: OsvRecord, paths: string[][] = [], suppressed = false): Finding {
  return {
    id: r.id,
    aliases: [],
    summary: r.summary ?? "",
    severity: { rating: "unknown", type: "none" },
    package: xnet,
    fixed: fixedVersions(r, "Go", xnet.name),
    paths,
    locations: [],
    references: [],
    records: [r.id],
    ...(suppressed ? { suppressed: { by: "ignore" as const, reason: "r", source: "s" } } : {}),
  };
}

describe("smallestSafeVersion (real Go records for golang.org/x/net)", () => {
  it("GO-2023-1571 alone (0 -> 0.7.0): 0.7.0", () => {
    assert.equal(smallestSafeVersion(xnet, [record("GO-2023-1571")], source([])), "0.7.0");
  });
  it("with GO-2023-2102 (fixed 0.17.0): 0.7.0 is still affected, so 0.17.0", () => {
    const records = [record("GO-2023-1571"), record("GO-2023-2102")];
    assert.deepEqual(fixedVersions(records[1] as OsvRecord, "Go", xnet.name), ["0.17.0"]);
    assert.equal(smallestSafeVersion(xnet, records, source([])), "0.17.0");
  });
});

describe("planRemediation", () => {
  const r1571 = record("GO-2023-1571");
  const r2102 = record("GO-2023-2102");

  it("a transitive package names the direct dependencies to move", () => {
    const paths = [
      ["pkg:golang/example.com/a@1.0.0", xnet.purl],
      ["pkg:golang/example.com/b@2.0.0", "pkg:golang/example.com/c@1.0.0", xnet.purl],
    ];
    const [plan] = planRemediation(
      [findingFor(r1571, paths), findingFor(r2102, paths)],
      source([r1571, r2102]),
      () => false,
    );
    assert.equal(plan?.fixVersion, "0.17.0");
    assert.deepEqual(plan?.via, ["pkg:golang/example.com/a@1.0.0", "pkg:golang/example.com/b@2.0.0"]);
    assert.equal(
      plan?.advice,
      "upgrade example.com/a, example.com/b so that it resolves golang.org/x/net >= 0.17.0",
    );
  });

  it("suppressed findings neither need nor block a fix", () => {
    const [plan] = planRemediation(
      [findingFor(r1571), findingFor(r2102, [], true)],
      source([r1571, r2102]),
      () => true,
    );
    assert.equal(plan?.fixVersion, "0.7.0");
    assert.deepEqual(plan?.vulnerabilities, ["GO-2023-1571"]);
    assert.equal(plan?.advice, "upgrade golang.org/x/net to 0.7.0");
    assert.deepEqual(
      planRemediation([findingFor(r2102, [], true)], source([r2102]), () => true),
      [],
    );
  });
});

describe("isMajorUpgrade", () => {
  it("flags a new first number in semver-like ecosystems only", () => {
    assert.equal(isMajorUpgrade("npm", "1.9.0", "2.0.0"), true);
    assert.equal(isMajorUpgrade("Go", "v1.2.3", "v1.9.0"), false);
    assert.equal(isMajorUpgrade("Go", "28.5.2+incompatible", "29.0.0+incompatible"), true);
    assert.equal(isMajorUpgrade("crates.io", "0.9.1", "1.0.0"), true);
    assert.equal(isMajorUpgrade("PyPI", "1.0", "2.0"), false);
    assert.equal(isMajorUpgrade("Maven", "2.9.4", "3.0.0"), false);
  });
});

describe("fixesForVersion (item 22: never a fix at or below the installed version)", () => {
  it("otel 1.43.0 and GO-2026-5158 (fixed 1.42.0, regressed in 1.43.0, fixed again 1.44.0): 1.44.0 only", () => {
    const otel = "go.opentelemetry.io/otel";
    const fixed = fixedVersions(record("GO-2026-5158"), "Go", otel);
    assert.deepEqual(fixed, ["1.42.0", "1.44.0"]);
    assert.deepEqual(fixesForVersion("Go", "1.43.0", fixed), {
      applicable: ["1.44.0"],
      belowInstalled: ["1.42.0"],
    });
    const finding = {
      package: { ecosystem: "Go", name: otel, version: "1.43.0", purl: `pkg:golang/${otel}@1.43.0` },
    };
    assert.equal(fixedInText({ ...finding, fixed }), "1.44.0");
  });

  it("several branches (path-to-regexp, GHSA-9wv6-86v2-598j): nearest first, in npm's order, not the string order", () => {
    const fixed = fixedVersions(record("GHSA-9wv6-86v2-598j", "npm-ghsa"), "npm", "path-to-regexp");
    assert.deepEqual(fixesForVersion("npm", "0.1.7", fixed).applicable, [
      "0.1.10",
      "1.9.0",
      "3.3.0",
      "6.3.0",
      "8.0.0",
    ]);
    // 1.8.0's own branch is fixed in 1.9.0; 0.1.10 is below it.
    assert.deepEqual(fixesForVersion("npm", "1.8.0", [...fixed].reverse()), {
      applicable: ["1.9.0", "3.3.0", "6.3.0", "8.0.0"],
      belowInstalled: ["0.1.10"],
    });
  });

  it("says so when every known fix is at or below the installed version, and gives nothing without fixes", () => {
    const pkg = { ecosystem: "npm", name: "node-fetch", version: "2.6.9", purl: "pkg:npm/node-fetch@2.6.9" };
    assert.equal(fixedInText({ package: pkg, fixed: ["2.6.7"] }), "none above 2.6.9");
    assert.equal(fixedInText({ package: pkg, fixed: [] }), "");
    assert.deepEqual(fixesForVersion("npm", "2.6.7", ["2.6.7"]).applicable, [], "equal is not above");
  });
});

describe("package names for people (item 32: no percent-encoding)", () => {
  it("decodes purls through the purl library, with each ecosystem's own separator", () => {
    assert.equal(packageName("pkg:npm/%40vue/cli-service@3.12.1"), "@vue/cli-service");
    assert.equal(packageLabel("pkg:npm/%40vue/cli-service@3.12.1"), "@vue/cli-service@3.12.1");
    assert.equal(packageName("pkg:maven/org.slf4j/slf4j-api@1.7.30"), "org.slf4j:slf4j-api");
    assert.equal(packageLabel("pkg:golang/golang.org/x/net@0.5.6"), "golang.org/x/net@0.5.6");
    assert.equal(packageLabel("pkg:generic/openssl@1.1.1"), "openssl@1.1.1");
    assert.equal(packageName("not a purl"), "not a purl");
  });
});

describe("remediation of a real npm project (dependency-track-frontend)", () => {
  let db: CorpusAdvisories;
  let found: Inventory;
  before(async () => {
    db = await buildCorpusDatabase();
    found = await inventory([corpusPath("projects", "dependency-track-frontend")]);
  });
  after(() => db.cleanup());

  /** The scan's remediation plans: planRemediation with the inventory, as scanInventory calls it. */
  async function plan(inv: Inventory) {
    return (
      await scanInventory(inv, db.reader, {
        config: { ignores: [] },
        vex: [],
        now: new Date("2026-01-01T00:00:00Z"),
      })
    ).remediation;
  }

  it("names scoped packages as people write them and moves the direct dependency nearest to the package", async () => {
    const plans = await plan(found);
    assert.ok(plans.length > 20, `${plans.length} plans`);
    for (const p of plans) assert.ok(!p.advice.includes("%"), p.advice);
    const ejs = plans.find((p) => p.package.name === "ejs");
    // Paths run @vue/cli-plugin-babel > @vue/cli-service > ... > ejs and @vue/cli-service > ... > ejs: both
    // direct, and @vue/cli-service is the one whose upgrade changes what ejs resolves to.
    assert.deepEqual(ejs?.via, ["pkg:npm/%40vue/cli-service@3.12.1"]);
    assert.equal(
      ejs?.advice,
      "upgrade @vue/cli-service so that it resolves ejs >= 3.1.10 (new major version)",
    );
  });

  it("finds a newer copy of a direct dependency in the lockfile that resolves a fixed version", () => {
    // The lockfile holds loader-utils 0.2.17 (resolving json5 0.5.1, vulnerable) and 1.4.2 (resolving json5 1.0.2).
    const index = new InventoryIndex(found.packages);
    const old = found.packages.find((p) => p.name === "loader-utils" && p.version === "0.2.17");
    assert.ok(old);
    const atLeast = (v: string) => (w: string) => compareVersions("npm", w, v) >= 0;
    assert.deepEqual(
      upgradeFromInventory(old, { ecosystem: "npm", name: "json5" }, atLeast("1.0.2"), index),
      {
        version: "1.4.2",
        resolves: "1.0.2",
      },
    );
    assert.equal(
      upgradeFromInventory(old, { ecosystem: "npm", name: "json5" }, atLeast("9.0.0"), index),
      undefined,
      "no copy resolves json5 >= 9",
    );
    // chokidar 3.5.3 no longer depends on micromatch at all.
    const chokidar = found.packages.find((p) => p.name === "chokidar" && p.version === "2.1.8");
    assert.ok(chokidar);
    assert.deepEqual(
      upgradeFromInventory(chokidar, { ecosystem: "npm", name: "micromatch" }, atLeast("4.0.8"), index),
      {
        version: "3.5.3",
      },
    );
  });

  it("names that version in the advice when the project depends on the old copy directly", async () => {
    // The real lockfile, with loader-utils 0.2.17 declared by the project itself (a mutated copy).
    const mutated: Inventory = structuredClone(found);
    const old = mutated.packages.find((p) => p.name === "loader-utils" && p.version === "0.2.17");
    assert.ok(old);
    old.direct = true;
    const json5 = (await plan(mutated)).find(
      (p) => p.package.name === "json5" && p.package.version === "0.5.1",
    );
    assert.ok(json5?.via.includes("pkg:npm/loader-utils@0.2.17"), json5?.via.join(" "));
    assert.match(
      json5?.advice ?? "",
      /^upgrade (.+, )?loader-utils to 1\.4\.2(, .+)? so that it resolves json5 >= 1\.0\.2 \(new major version\); the lockfile's loader-utils@1\.4\.2 resolves json5 1\.0\.2$/,
    );
  });
});
