import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import semver from "semver";
import type { AdvisoryReader } from "../advisories/ports.js";
import { newPackage } from "../ecosystems/new-package.js";
import { refFromPurl } from "../ecosystems/purl.js";
import type { Finding, ScanResult } from "../model/finding.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { scan, scanInventory } from "./index.js";
import { loadVex } from "./vex/index.js";

let db: CorpusAdvisories;
let tmp: string;
before(async () => {
  db = await buildCorpusDatabase();
  tmp = mkdtempSync(join(tmpdir(), "bulwark-scan-test-"));
});
after(() => {
  db.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

const project = (name: string) => corpusPath("projects", name);
const gomodFixture = corpusPath("lockfiles", "golang", "gomod", "replace-not-required.mod");
const scanGoFixture = (extra: { vex?: string[]; config?: string; now?: Date } = {}) =>
  scan({ paths: [], lockfiles: [{ format: "go.mod", path: gomodFixture }], ...extra }, db.reader);

function findingsOf(result: ScanResult, name: string): Finding[] {
  return result.findings.filter((f) => f.package.name === name);
}
const ids = (fs: Finding[]) => fs.map((f) => f.id).sort();

describe("scan of guac (go.mod), verified by hand against the Go records", () => {
  let result: ScanResult;
  before(async () => {
    result = await scan({ paths: [project("guac")] }, db.reader);
  });

  it("github.com/getkin/kin-openapi v0.135.0 (go.mod:280): GO-2026-6095 and GO-2026-6112, both introduced 0 fixed 0.144.0", () => {
    const fs = findingsOf(result, "github.com/getkin/kin-openapi");
    assert.deepEqual(ids(fs), ["GO-2026-6095", "GO-2026-6112"]);
    for (const f of fs) {
      assert.equal(f.package.version, "0.135.0");
      assert.deepEqual(f.fixed, ["0.144.0"]);
      assert.equal(f.locations[0]?.line, 280);
      assert.equal(f.locations[0]?.path, "go.mod", "relative to the scanned folder");
      assert.equal(f.severity.rating, "unknown", "Go records carry no severity");
    }
    assert.deepEqual(findingsOf(result, "github.com/getkin/kin-openapi")[0]?.aliases, [
      "GHSA-r277-6w6q-xmqw",
    ]);
  });

  it("github.com/go-chi/chi/v5 v5.2.5 (go.mod:281): GO-2026-5774 (introduced 5.2.1 fixed 5.3.0), GO-2026-5775, GO-2026-5777 (0 -> 5.3.0)", () => {
    assert.deepEqual(ids(findingsOf(result, "github.com/go-chi/chi/v5")), [
      "GO-2026-5774",
      "GO-2026-5775",
      "GO-2026-5777",
    ]);
    const plan = result.remediation.find((r) => r.package.name === "github.com/go-chi/chi/v5");
    assert.equal(plan?.fixVersion, "5.3.0");
    assert.equal(plan?.majorUpgrade, false);
    assert.equal(plan?.direct, true);
    assert.equal(plan?.advice, "upgrade github.com/go-chi/chi/v5 to 5.3.0");
  });

  it("go.etcd.io/etcd/client/pkg/v3 v3.5.16 (go.mod:234, indirect): GO-2026-6107 ranges [0,3.5.33) [3.6.0,3.6.14) [3.7.0-alpha.0,3.7.1)", () => {
    const [f, ...rest] = findingsOf(result, "go.etcd.io/etcd/client/pkg/v3");
    assert.equal(rest.length, 0);
    assert.equal(f?.id, "GO-2026-6107");
    assert.deepEqual(f?.aliases, ["CVE-2026-73500", "GHSA-6vch-q96h-7gc3"]);
    assert.deepEqual(f?.fixed, ["3.5.33", "3.6.14", "3.7.1"]);
    const plan = result.remediation.find((r) => r.package.name === "go.etcd.io/etcd/client/pkg/v3");
    assert.equal(plan?.fixVersion, "3.5.33");
    assert.equal(plan?.direct, false);
    // go.mod records no edges: the transitive package's way in is unknown, and the advice says so.
    assert.match(
      plan?.advice ?? "",
      /^upgrade go\.etcd\.io\/etcd\/client\/pkg\/v3 to 3\.5\.33; it arrives transitively/,
    );
  });

  it("containerd v1.7.33 and docker v28.5.2+incompatible: records introduced 0 with no fix -> 'no fix available'", () => {
    assert.deepEqual(ids(findingsOf(result, "github.com/containerd/containerd")), [
      "GO-2026-5064",
      "GO-2026-5338",
      "GO-2026-5622",
    ]);
    assert.deepEqual(ids(findingsOf(result, "github.com/docker/docker")), [
      "GO-2026-4883",
      "GO-2026-4887",
      "GO-2026-5617",
      "GO-2026-5668",
      "GO-2026-5746",
    ]);
    const plan = result.remediation.find((r) => r.package.name === "github.com/containerd/containerd");
    assert.equal(plan?.fixVersion, undefined);
    assert.equal(plan?.advice, "no fix available for github.com/containerd/containerd 1.7.33");
  });

  it("golang.org/x/crypto v0.55.0 (go.mod:34): GO-2026-5932 (openpgp unmaintained, introduced 0, no fix)", () => {
    assert.deepEqual(ids(findingsOf(result, "golang.org/x/crypto")), ["GO-2026-5932"]);
  });

  it("does not report withdrawn records: lib/pq v1.12.3 (GO-2026-6166..6173) and bbolt v1.4.3 (GO-2026-4923)", () => {
    const pkgNames = new Set(result.findings.map((f) => f.package.name));
    assert.equal(pkgNames.has("github.com/lib/pq"), false);
    assert.equal(pkgNames.has("go.etcd.io/bbolt"), false);
    const raw = JSON.parse(readFileSync(corpusPath("osv", "go", "GO-2026-4923.json"), "utf8"));
    assert.ok(raw.withdrawn, "GO-2026-4923 is withdrawn in the corpus");
  });

  it("stdlib 1.26.0 (go.mod:3 `go 1.26.0`): only records whose ranges reach 1.26 (checked with node-semver), not GO-2023-1987 (fixed 1.21.0-rc.4)", () => {
    const stdlib = result.findings.filter((f) => f.package.name === "stdlib");
    assert.equal(stdlib[0]?.package.version, "1.26.0");
    assert.equal(stdlib[0]?.locations[0]?.line, 3);
    // Independently computed: every non-withdrawn Go record with a SEMVER range containing 1.26.0.
    const expected = [
      4599, 4600, 4601, 4602, 4603, 4864, 4865, 4866, 4869, 4870, 4918, 4946, 4947, 4970, 4971,
    ]
      .concat([
        4976, 4977, 4980, 4981, 4982, 4986, 5026, 5037, 5038, 5039, 5856, 5942, 5972, 6088, 6089, 6090, 6091,
        6218,
      ])
      .map((n) => `GO-2026-${n}`);
    assert.deepEqual(
      stdlib
        .flatMap((f) => f.records)
        .filter((id) => id.startsWith("GO-"))
        .sort(),
      expected,
    );
  });

  it("module findings are exactly the hand-verified ones (stdlib checked separately)", () => {
    const modules = result.findings.filter((f) => f.package.name !== "stdlib");
    assert.deepEqual([...new Set(modules.map((f) => f.package.name))].sort(), [
      "github.com/containerd/containerd",
      "github.com/docker/docker",
      "github.com/getkin/kin-openapi",
      "github.com/go-chi/chi/v5",
      "go.etcd.io/etcd/client/pkg/v3",
      "golang.org/x/crypto",
    ]);
    assert.equal(modules.length, 15);
  });
});

describe("scan of scorecard (go.mod), verified by hand against the Go records", () => {
  let result: ScanResult;
  before(async () => {
    result = await scan({ paths: [project("scorecard")] }, db.reader);
  });

  it("go-git/v5 v5.19.1 (go.mod:13): GO-2026-6213, GO-2026-6214 (0 -> 5.19.2)", () => {
    const fs = findingsOf(result, "github.com/go-git/go-git/v5");
    assert.deepEqual(ids(fs), ["GO-2026-6213", "GO-2026-6214"]);
    assert.equal(fs[0]?.locations[0]?.line, 13);
  });

  it("prometheus v0.54.0: GO-2026-5264, -5381, -5662, -5710; smallest version fixing all four is 0.311.3", () => {
    assert.deepEqual(ids(findingsOf(result, "github.com/prometheus/prometheus")), [
      "GO-2026-5264",
      "GO-2026-5381",
      "GO-2026-5662",
      "GO-2026-5710",
    ]);
    // 0.305.2 still has GO-2026-5381 (fixed 0.311.3); the 0.311.2 pseudo-version too; 0.311.3 is outside every range.
    const plan = result.remediation.find((r) => r.package.name === "github.com/prometheus/prometheus");
    assert.equal(plan?.fixVersion, "0.311.3");
  });

  it("containerd v1.7.29: six records; 1.7.33 fixes the three fixable ones, three have no fix", () => {
    assert.deepEqual(ids(findingsOf(result, "github.com/containerd/containerd")), [
      "GO-2026-5064",
      "GO-2026-5338",
      "GO-2026-5378",
      "GO-2026-5475",
      "GO-2026-5622",
      "GO-2026-5758",
    ]);
    const plan = result.remediation.find((r) => r.package.name === "github.com/containerd/containerd");
    assert.equal(plan?.fixVersion, "1.7.33");
    assert.deepEqual(plan?.unfixed, ["GO-2026-5064", "GO-2026-5338", "GO-2026-5622"]);
    assert.match(
      plan?.advice ?? "",
      /still affected by GO-2026-5064, GO-2026-5338, GO-2026-5622, which have no fix/,
    );
  });

  it("golang.org/x/crypto v0.50.0: 13 records fixed in 0.52.0 plus GO-2026-5932 without fix", () => {
    const fs = findingsOf(result, "golang.org/x/crypto");
    assert.equal(fs.length, 14);
    const plan = result.remediation.find((r) => r.package.name === "golang.org/x/crypto");
    assert.equal(plan?.fixVersion, "0.52.0");
    assert.deepEqual(plan?.unfixed, ["GO-2026-5932"]);
  });

  it("go.opentelemetry.io/otel v1.43.0: GO-2026-5158 ranges [1.41.0,1.42.0) [1.43.0,1.44.0)", () => {
    const [f] = findingsOf(result, "go.opentelemetry.io/otel");
    assert.equal(f?.id, "GO-2026-5158");
    assert.deepEqual(f?.fixed, ["1.42.0", "1.44.0"]);
    assert.equal(
      result.remediation.find((r) => r.package.name === "go.opentelemetry.io/otel")?.fixVersion,
      "1.44.0",
    );
  });
});

describe("no invented findings", () => {
  it("dependency-track-frontend: the real npm findings of corpus/osv/npm-ghsa, a few checked by hand", async () => {
    const result = await scan({ paths: [project("dependency-track-frontend")] }, db.reader);
    const found = new Set(result.findings.map((f) => `${f.package.name}@${f.package.version} ${f.id}`));
    // Checked against the records: each range holds the locked version.
    for (const [finding, why] of [
      ["ejs@2.7.4 GHSA-phwq-j96m-2c2q", "introduced 0, fixed 3.1.7"],
      ["body-parser@1.20.1 GHSA-qwcr-r2fm-qrc7", "introduced 0, fixed 1.20.3"],
      ["braces@3.0.2 GHSA-grv7-fg5c-xmjg", "introduced 0, fixed 3.0.3"],
      ["braces@2.3.2 GHSA-grv7-fg5c-xmjg", "the second copy in the lockfile, same range"],
      ["path-to-regexp@0.1.7 GHSA-9wv6-86v2-598j", "first range: introduced 0, fixed 0.1.10"],
      ["bootstrap@4.6.2 GHSA-vc8w-jr9v-vj7f", "introduced 4.0.0, last_affected 4.6.2 (no fix)"],
    ])
      assert.ok(found.has(finding), `${finding}: ${why}`);
    // Records for packages the project has, at versions outside their ranges: no finding.
    assert.ok((await db.reader.recordsFor("npm", "jquery")).some((r) => r.id === "GHSA-mhpp-875w-9cpv"));
    assert.ok(!found.has("jquery@3.7.1 GHSA-mhpp-875w-9cpv"), "introduced 2.1.1-0, fixed 3.0.0");
    assert.ok((await db.reader.recordsFor("npm", "mixin-deep")).some((r) => r.id === "GHSA-fhjf-83wg-r2j9"));
    assert.ok(![...found].some((f) => f.startsWith("mixin-deep@")), "1.3.2 is a fixed version");
    assert.equal(result.inventory.packages, 1445);
    assert.ok(result.findings.every((f) => f.package.ecosystem === "npm"));
    assert.ok(
      result.findings.length >= 38,
      `about 40 affected package/advisory pairs, got ${result.findings.length}`,
    );
  });

  it("osv.dev (poetry.lock) gives 0 PyPI findings: its packages with corpus records are all past their fixes", async () => {
    const result = await scan({ paths: [project("osv.dev")] }, db.reader);
    assert.ok(result.inventory.packages > 50);
    {
      // e.g. certifi 2026.7.22 vs PYSEC-2023-135 (fixed 2023.7.22), urllib3 2.7.0 vs PYSEC-2018-32 (fixed 1.23);
      // redis's PYSEC-2023-73 (introduced 0, no fix) is withdrawn.
      const covered = ["certifi", "cryptography", "pyyaml", "redis", "requests", "urllib3"];
      for (const name of covered)
        assert.ok((await db.reader.recordsFor("PyPI", name)).length > 0, `${name} has corpus records`);
      assert.ok((await db.reader.get("PYSEC-2023-73"))?.withdrawn);
    }
    assert.deepEqual(result.findings, []);
  });
});

describe("alias grouping", () => {
  it("golang.org/x/net v0.5.6: GHSA-vvpx-j8f3-3w6h and GO-2023-1571 (both CVE-2022-41723) are one finding", async () => {
    const result = await scanGoFixture();
    const xnet = findingsOf(result, "golang.org/x/net");
    const merged = xnet.filter((f) => f.records.includes("GO-2023-1571"));
    assert.equal(merged.length, 1);
    assert.equal(merged[0]?.id, "GHSA-vvpx-j8f3-3w6h");
    assert.deepEqual(merged[0]?.records, ["GHSA-vvpx-j8f3-3w6h", "GO-2023-1571"]);
    assert.ok(merged[0]?.aliases.includes("CVE-2022-41723"));
    assert.ok(merged[0]?.aliases.includes("GO-2023-1571"));
    assert.equal(merged[0]?.severity.rating, "high", "GHSA's HIGH rates the merged finding");
    // No id appears twice among x/net findings, under any of its names.
    const every = xnet.flatMap((f) => [f.id, ...f.aliases]);
    assert.equal(new Set(every).size, every.length);
    // 17 Go records affect 0.5.6 (independently computed with node-semver) + GHSA-qppj-fm5r-hxr3, minus the merge.
    assert.equal(xnet.length, 18);
  });
});

describe("VEX", () => {
  const writeVex = (name: string, doc: unknown) => {
    const file = join(tmp, name);
    writeFileSync(file, JSON.stringify(doc));
    return file;
  };
  const openVex = (statements: unknown[]) => ({
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://example.com/vex/1",
    author: "test",
    timestamp: "2026-01-01T00:00:00Z",
    version: 1,
    statements,
  });

  it("OpenVEX not_affected on an alias with a version-less purl suppresses the finding", async () => {
    const file = writeVex(
      "alias.openvex.json",
      openVex([
        {
          vulnerability: { name: "CVE-2023-44487" },
          products: [{ "@id": "pkg:golang/golang.org/x/net" }],
          status: "not_affected",
          justification: "vulnerable_code_not_in_execute_path",
        },
      ]),
    );
    const result = await scanGoFixture({ vex: [file] });
    const f = result.findings.find((x) => x.id === "GHSA-qppj-fm5r-hxr3");
    assert.deepEqual(f?.suppressed, {
      by: "vex",
      reason: "not_affected: vulnerable_code_not_in_execute_path",
      source: file,
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
    });
    assert.equal(result.findings.filter((x) => x.suppressed).length, 1);
  });

  it("OpenVEX with another version, or a later 'affected' statement, does not suppress", async () => {
    const other = writeVex(
      "other.openvex.json",
      openVex([
        {
          vulnerability: { name: "GHSA-qppj-fm5r-hxr3" },
          products: [{ "@id": "pkg:golang/golang.org/x/net@0.5.7" }],
          status: "fixed",
        },
      ]),
    );
    const overridden = writeVex(
      "override.openvex.json",
      openVex([
        {
          vulnerability: { name: "GHSA-qppj-fm5r-hxr3" },
          products: [{ "@id": "pkg:golang/golang.org/x/net@0.5.6" }],
          status: "not_affected",
          justification: "component_not_present",
          timestamp: "2026-01-01T00:00:00Z",
        },
        {
          vulnerability: { name: "GHSA-qppj-fm5r-hxr3" },
          products: [{ "@id": "pkg:golang/golang.org/x/net@0.5.6" }],
          status: "affected",
          timestamp: "2026-02-01T00:00:00Z",
        },
      ]),
    );
    const result = await scanGoFixture({ vex: [other, overridden] });
    assert.equal(result.findings.filter((x) => x.suppressed).length, 0);
  });

  it("OpenVEX subcomponents of an application product are matched", async () => {
    const file = writeVex(
      "sub.openvex.json",
      openVex([
        {
          vulnerability: { name: "GO-2023-1571" },
          products: [
            {
              "@id": "pkg:golang/example.com/app",
              subcomponents: [{ "@id": "pkg:golang/golang.org/x/net@0.5.6" }],
            },
          ],
          status: "fixed",
        },
      ]),
    );
    const result = await scanGoFixture({ vex: [file] });
    assert.equal(result.findings.find((x) => x.id === "GHSA-vvpx-j8f3-3w6h")?.suppressed?.by, "vex");
  });

  it("CycloneDX VEX (the official 1.6 example): not_affected on CVE-2018-7489 suppresses jackson-databind 2.9.4's GHSA", async () => {
    const vexFile = corpusPath("schemas", "cyclonedx", "examples-1.6", "valid-vulnerability-1.6.json");
    const doc = JSON.parse(readFileSync(vexFile, "utf8"));
    const purl: string = doc.components[0].purl;
    const ref = refFromPurl(purl);
    assert.ok(ref);
    const inventory = { packages: [newPackage({ ...ref, purl, direct: true })], sources: [], errors: [] };
    const result = await scanInventory(inventory, db.reader, {
      config: { ignores: [] },
      vex: await loadVex([vexFile]),
      now: new Date("2026-11-24T00:00:00Z"),
    });
    const suppressed = result.findings.filter((f) => f.suppressed);
    assert.equal(suppressed.length, 1);
    assert.ok([suppressed[0]?.id, ...(suppressed[0]?.aliases ?? [])].includes("CVE-2018-7489"));
    assert.equal(
      suppressed[0]?.suppressed?.reason,
      "not_affected: code_not_reachable: An optional explanation of why the application is not affected by the vulnerable component.",
    );
    assert.ok(result.findings.length > 50, "the other jackson-databind 2.9.4 findings stay");
    // Remediation leaves the suppressed record aside but still plans for the others.
    assert.equal(result.remediation.length, 1);
    assert.ok(!result.remediation[0]?.vulnerabilities.includes(suppressed[0]?.id ?? ""));
  });
});

describe("ignores (bulwark.toml)", () => {
  const writeConfig = (name: string, text: string) => {
    const file = join(tmp, name);
    writeFileSync(file, text);
    return file;
  };

  it("an ignore by alias, without package, suppresses; with another package it does not", async () => {
    const any = writeConfig(
      "any.toml",
      '[[ignore]]\nid = "CVE-2022-41723"\nreason = "HTTP/2 server not used"\n',
    );
    const result = await scanGoFixture({ config: any });
    assert.deepEqual(result.findings.find((f) => f.id === "GHSA-vvpx-j8f3-3w6h")?.suppressed, {
      by: "ignore",
      reason: "HTTP/2 server not used",
      source: any,
    });
    const other = writeConfig(
      "other.toml",
      '[[ignore]]\nid = "CVE-2022-41723"\npackage = "pkg:golang/golang.org/x/text"\nreason = "r"\n',
    );
    const result2 = await scanGoFixture({ config: other });
    assert.equal(result2.findings.find((f) => f.id === "GHSA-vvpx-j8f3-3w6h")?.suppressed, undefined);
    const same = writeConfig(
      "same.toml",
      '[[ignore]]\nid = "GO-2023-1571"\npackage = "pkg:golang/golang.org/x/net"\nreason = "r"\n',
    );
    const result3 = await scanGoFixture({ config: same });
    assert.equal(result3.findings.find((f) => f.id === "GHSA-vvpx-j8f3-3w6h")?.suppressed?.by, "ignore");
  });

  it("an expired ignore stops suppressing and is reported", async () => {
    const file = writeConfig(
      "expiry.toml",
      '[[ignore]]\nid = "GHSA-vvpx-j8f3-3w6h"\nreason = "until the upgrade"\nexpires = 2026-06-30\n',
    );
    const before = await scanGoFixture({ config: file, now: new Date("2026-06-30T12:00:00Z") });
    assert.equal(before.findings.find((f) => f.id === "GHSA-vvpx-j8f3-3w6h")?.suppressed?.by, "ignore");
    assert.deepEqual(before.expiredIgnores, []);
    const afterExpiry = await scanGoFixture({ config: file, now: new Date("2026-07-01T00:00:00Z") });
    assert.equal(afterExpiry.findings.find((f) => f.id === "GHSA-vvpx-j8f3-3w6h")?.suppressed, undefined);
    assert.deepEqual(afterExpiry.expiredIgnores, [
      {
        id: "GHSA-vvpx-j8f3-3w6h",
        package: undefined,
        reason: "until the upgrade",
        expires: "2026-06-30",
        source: file,
      },
    ]);
    assert.ok(afterExpiry.warnings.some((w) => w.includes("expired on 2026-06-30")));
  });

  it("bulwark.toml in the scanned folder is read without --config", async () => {
    const dir = mkdtempSync(join(tmp, "root-"));
    writeFileSync(join(dir, "go.mod"), readFileSync(gomodFixture));
    writeFileSync(
      join(dir, "bulwark.toml"),
      '[[ignore]]\nid = "GHSA-qppj-fm5r-hxr3"\nreason = "not exposed"\n',
    );
    const result = await scan({ paths: [dir] }, db.reader);
    assert.equal(
      result.findings.find((f) => f.id === "GHSA-qppj-fm5r-hxr3")?.suppressed?.source,
      join(dir, "bulwark.toml"),
    );
  });
});

describe("bad and partial input", () => {
  it("a broken lockfile beside a good one is reported, and the good one is still scanned", async () => {
    const dir = mkdtempSync(join(tmp, "broken-"));
    writeFileSync(join(dir, "go.mod"), readFileSync(gomodFixture));
    mkdirSync(join(dir, "web"));
    writeFileSync(join(dir, "web", "package-lock.json"), '{"lockfileVersion": 3, "packages": {');
    const result = await scan({ paths: [dir] }, db.reader);
    assert.equal(findingsOf(result, "golang.org/x/net").length, 18);
    assert.ok(
      result.inventory.errors.some((e) => e.path.endsWith("web/package-lock.json")),
      JSON.stringify(result.inventory.errors),
    );
  });

  it("packages without a resolved version are listed, never matched", async () => {
    const dir = mkdtempSync(join(tmp, "manifest-only-"));
    writeFileSync(join(dir, "package.json"), readFileSync(project("dependency-track-frontend/package.json")));
    const result = await scan({ paths: [dir] }, db.reader);
    // Exact versions in package.json count as resolved; the project's two git dependencies do not.
    const declared = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const ranges = Object.entries({ ...declared.dependencies, ...declared.devDependencies })
      .filter(([, v]) => !semver.valid(String(v)))
      .map(([name]) => name)
      .sort();
    assert.ok(ranges.length > 0);
    assert.deepEqual(result.unresolved.map((p) => p.name).sort(), ranges);
    // Only the exactly pinned packages are matched: bootstrap 4.6.2 is pinned and really affected.
    assert.ok(result.findings.every((f) => !ranges.includes(f.package.name)));
    assert.ok(result.findings.some((f) => f.package.name === "bootstrap" && f.id === "GHSA-vc8w-jr9v-vj7f"));
    assert.ok(result.warnings.some((w) => w.includes("no resolved version")));
  });
});

describe("a failing database answer", () => {
  it("is a warning naming the package; the other packages are still checked", async () => {
    const inv = {
      packages: [
        newPackage({ ecosystem: "Go", name: "golang.org/x/net", version: "0.5.6", direct: true }),
        newPackage({ ecosystem: "Go", name: "example.com/broken", version: "1.0.0", direct: true }),
      ],
      sources: [],
      errors: [],
    };
    // the real reader, with one package's answer failing
    const failing: AdvisoryReader = Object.assign(Object.create(db.reader), {
      query: async (q: Parameters<AdvisoryReader["query"]>[0]) => {
        if (q.name === "example.com/broken") throw new Error("malformed record GO-X");
        return db.reader.query(q);
      },
    });
    const result = await scanInventory(inv, failing, {
      config: { ignores: [] },
      vex: [],
      now: new Date("2026-01-01T00:00:00Z"),
      maxDataAgeDays: 0,
    });
    assert.equal(result.findings.length, 18);
    assert.deepEqual(result.warnings, [
      "pkg:golang/example.com/broken@1.0.0 could not be checked: malformed record GO-X",
    ]);
  });
});

describe("approximate comparisons", () => {
  it("a version the ecosystem cannot parse marks its findings approximate, with one warning for the package", async () => {
    // "0.5.6.7" is not a Go module version: the matcher orders it by the generic fallback.
    const inv = {
      packages: [newPackage({ ecosystem: "Go", name: "golang.org/x/net", version: "0.5.6.7", direct: true })],
      sources: [],
      errors: [],
    };
    const result = await scanInventory(inv, db.reader, {
      config: { ignores: [] },
      vex: [],
      now: new Date("2026-01-01T00:00:00Z"),
      maxDataAgeDays: 0, // the data-age warning has its own tests
    });
    assert.ok(result.findings.length > 0);
    assert.ok(result.findings.every((f) => f.approximate === true));
    assert.equal(result.warnings.length, 1, `one warning for the package: ${result.warnings.join(" | ")}`);
    assert.match(
      result.warnings[0] ?? "",
      /^golang\.org\/x\/net@0\.5\.6\.7 \(Go\) is not a valid Go version: comparisons for .*GHSA-vvpx-j8f3-3w6h.* were approximate$/,
    );
  });
  it("a valid version matched through a malformed record blames the record, not the version", async () => {
    // GHSA-566m-qj78-rww5 (postcss) has `fixed` "7.0.36, 8.2.13": 7.0.35 is a valid npm version.
    const inv = {
      packages: [newPackage({ ecosystem: "npm", name: "postcss", version: "7.0.35", direct: true })],
      sources: [],
      errors: [],
    };
    const result = await scanInventory(inv, db.reader, {
      config: { ignores: [] },
      vex: [],
      now: new Date("2026-01-01T00:00:00Z"),
      maxDataAgeDays: 0,
    });
    assert.ok(result.findings.some((f) => f.id === "GHSA-566m-qj78-rww5" && f.approximate));
    assert.deepEqual(result.warnings, [
      "postcss@7.0.35 (npm): the ranges of GHSA-566m-qj78-rww5 hold values that are not valid npm versions; matched approximately",
    ]);
  });
});
