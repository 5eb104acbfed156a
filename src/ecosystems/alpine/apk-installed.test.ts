import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Package } from "../../model/package.js";
import { assertExpectedPackages, assertOnlyErrors, type FieldReader } from "../../testing/extractor-kit.js";
import { extractFixture, type LockfileCase, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { ExtractError } from "../errors.js";
import { upstreamOf } from "../os-purl.js";
import { alpineEcosystem, apkInstalledExtractor } from "./apk-installed.js";

const suite = loadLockfileSuite("os", "apk");
const DB = "lib/apk/db/installed";

// The origin (upstream's sourceName) travels in the purl's `upstream` qualifier, the model having no field
// for it; licences are Package.licenses. Maintainer and OS ids have no place in the model and are not checked.
const readers: FieldReader = {
  sourceName: (p: Package) => upstreamOf(p.purl),
};

const run = (kase: LockfileCase) =>
  extractFixture(apkInstalledExtractor, suite, kase.fixture, {
    path: DB,
    files: kase.osRelease ? { "etc/os-release": kase.osRelease } : {},
  });

describe("apk installed-database extractor: corpus cases (osv-scalibr apk)", () => {
  for (const kase of suite.cases) {
    it(`${kase.fixture} (${kase.upstreamCase})${kase.note ? ` — ${kase.note}` : ""}`, async () => {
      if (kase.expectError) {
        await assert.rejects(async () => run(kase), ExtractError);
        return;
      }
      const result = await run(kase);
      assertExpectedPackages(result.packages, kase, { readers });
      for (const expected of kase.packages ?? []) {
        const pkg = result.packages.find((p) => p.name === expected.name && p.version === expected.version)!;
        assert.deepEqual(pkg.licenses, expected.metadata?.licenses, `${pkg.name} licences`);
        assert.match(
          pkg.purl,
          new RegExp(`[?&]arch=${expected.metadata?.architecture}(&|$)`),
          `${pkg.name} arch`,
        );
        // Our answer for the release: only an os-release with ID=alpine names one (3.18.0 -> v3.18).
        const ecosystem = expected.metadata?.osID === "alpine" ? "Alpine:v3.18" : "Alpine";
        assert.equal(pkg.ecosystem, ecosystem, `${pkg.name} ecosystem`);
      }
    });
  }
});

describe("apk installed-database extractor: details", () => {
  const installed = suite.cases.find((c) => c.fixture === "installed")!;

  it("builds the purl with distro, arch and origin, and locates records", async () => {
    const r = await run(installed);
    const data = r.packages.find((p) => p.name === "alpine-baselayout-data")!;
    assert.equal(
      data.purl,
      "pkg:apk/alpine/alpine-baselayout-data@3.4.3-r1?arch=x86_64&distro=alpine-3.18&upstream=alpine-baselayout",
    );
    assert.equal(r.packages[0].locations[0].line, 1);
  });

  it("links dependencies through names and provides (so:, cmd:)", async () => {
    const r = await run(installed);
    const busybox = r.packages.find((p) => p.name === "busybox")!;
    const musl = r.packages.find((p) => p.name === "musl")!;
    assert.ok(busybox.dependencies.includes(musl.purl), busybox.dependencies.join(", "));
  });

  it("prefers etc/alpine-release", async () => {
    assert.equal(alpineEcosystem("3.19.1\n", "ID=alpine\nVERSION_ID=3.18.0"), "Alpine:v3.19");
    assert.equal(alpineEcosystem(undefined, "ID=alpine\nVERSION_ID=3.20.0_alpha20240101"), "Alpine:v3.20");
    assert.equal(alpineEcosystem(undefined, "ID=postmarketos\nVERSION_ID=v23.12"), "Alpine");
    assert.equal(alpineEcosystem(undefined, "ID=wolfi\nVERSION_ID=20230201"), "Wolfi");
    assert.equal(alpineEcosystem(undefined, 'ID="chainguard"'), "Chainguard");
    const r = await apkInstalledExtractor.extract({
      path: `root/${DB}`,
      text: "P:a\nV:1-r0\n",
      readFile: async (p) => (p === "../../../etc/alpine-release" ? "3.17.2\n" : undefined),
    });
    assert.equal(r.packages[0].ecosystem, "Alpine:v3.17");
  });

  it("reports a record without a version, and a stray line, keeping the rest", async () => {
    const r = await apkInstalledExtractor.extract({
      path: DB,
      text: "P:a\n\nP:b\nV:1\nstray\n",
      readFile: async () => undefined,
    });
    assert.deepEqual(
      r.packages.map((p) => p.name),
      ["b"],
    );
    assert.deepEqual(
      r.errors?.map((e) => [e.line, e.message]),
      [
        [5, 'not an "X:value" line'],
        [1, "record without a version (V:)"],
      ],
    );
  });
});

describe("apk installed-database extractor: bad input", () => {
  const extract = (text: string) =>
    apkInstalledExtractor.extract({ path: DB, text, readFile: async () => undefined });

  it("binary junk is an ExtractError naming the line", async () => {
    await assert.rejects(
      async () => extract("\x00\x7fELF\x01"),
      (e: unknown) => e instanceof ExtractError && e.line === 1 && /not an apk database/.test(e.message),
    );
  });

  it("arbitrary text never throws anything but an Error", async () => {
    await assertOnlyErrors(extract, "P:a\nV:1-r0\nD:so:libc b>1\np:so:libc\n\nP:b\nV:2\n");
  });
});
