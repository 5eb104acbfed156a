import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { Package } from "../../model/package.js";
import { corpusPath } from "../../testing/corpus.js";
import {
  assertExpectedPackages,
  assertOnlyErrors,
  caseTitle,
  type FieldReader,
} from "../../testing/extractor-kit.js";
import { extractFixture, type LockfileCase, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { ExtractError } from "../errors.js";
import { allExtractors } from "../index.js";
import { upstreamOf } from "../os-purl.js";
import { parseOsRelease } from "../os-release.js";
import { createDpkgStatusExtractor, debianEcosystem, dpkgStatusExtractor } from "./dpkg-status.js";

const suite = loadLockfileSuite("os", "dpkg");

// The model has no source-package field: the source travels in the purl's `upstream` qualifier
// ("name" or "name@version"), which is what these readers check. Upstream's metadata (maintainer, status,
// OS ids) and exploitability signals (transitional packages) have no place in the model and are not checked.
const readers: FieldReader = {
  sourceName: (p: Package) => upstreamOf(p.purl).split("@")[0],
  sourceVersion: (p: Package) => upstreamOf(p.purl).split("@")[1] ?? "",
  purlType: (p: Package) => (p.purl.startsWith("pkg:deb/") ? "debian" : p.purl),
};

const run = (kase: LockfileCase, extractor = dpkgStatusExtractor) =>
  extractFixture(extractor, suite, kase.fixture, {
    path: kase.scanPath,
    files:
      kase.osRelease === null || kase.osRelease === undefined ? {} : { "etc/os-release": kase.osRelease },
  });

/** Our answer for each os-release the corpus uses, worked out by hand from osv.dev's ecosystem names. */
function expectedEcosystem(osRelease: string | null | undefined): string {
  if (!osRelease) return "Debian";
  if (osRelease.includes("ID=ubuntu")) return "Ubuntu:22.04:LTS"; // 22.04 is an LTS release
  if (osRelease.includes('VERSION_ID="12"')) return "Debian:12";
  return "Debian"; // "ID=debian" alone or only a codename: no release number
}

describe("dpkg status extractor: corpus cases (osv-scalibr dpkg)", () => {
  for (const kase of suite.cases.filter((c) => !c.isOPKG)) {
    it(caseTitle(kase), async () => {
      if (kase.expectError) {
        await assert.rejects(async () => run(kase), ExtractError);
        return;
      }
      const result = await run(kase);
      assertExpectedPackages(result.packages, kase, { readers });
      for (const p of result.packages) assert.equal(p.ecosystem, expectedEcosystem(kase.osRelease), p.name);
    });
  }

  for (const kase of suite.configVariantCases.filter((c) => !c.isOPKG)) {
    it(`${kase.fixture} with ${JSON.stringify(kase.config)}`, async () => {
      const extractor = createDpkgStatusExtractor(kase.config as { includeNotInstalled: boolean });
      assertExpectedPackages((await run(kase, extractor)).packages, kase, { readers });
    });
  }
});

// Disagreement: upstream reads OpenWrt's opkg database (usr/lib/opkg/status, dpkg's format) as well. OSV has no
// OpenWrt ecosystem, so no advisory could ever match those packages, and reporting them under "Debian" would match
// Debian advisories against OpenWrt builds. Bulwark's answer for every opkg case: the file is not read at all.
describe("dpkg status extractor: opkg (OpenWrt) cases are not read", () => {
  const osvEcosystems: string[] = JSON.parse(
    readFileSync(corpusPath("schemas", "osv", "schema.json"), "utf8"),
  ).$defs.ecosystemName.enum;

  it("OpenWrt is not an OSV ecosystem (the OSV schema's list), Debian is", () => {
    assert.ok(osvEcosystems.includes("Debian"));
    assert.ok(!osvEcosystems.some((name) => /openwrt|opkg/i.test(name)), osvEcosystems.join(", "));
  });

  for (const kase of [...suite.cases, ...suite.configVariantCases].filter((c) => c.isOPKG)) {
    const config = kase.config ? ` with ${JSON.stringify(kase.config)}` : "";
    it(`${caseTitle(kase)}${config}: ${kase.scanPath} is matched by no extractor`, () => {
      assert.equal(kase.scanPath, "usr/lib/opkg/status");
      assert.equal(dpkgStatusExtractor.matches(kase.scanPath), false);
      assert.deepEqual(
        allExtractors()
          .filter((e) => e.matches(kase.scanPath!))
          .map((e) => e.format),
        [],
      );
    });
  }
});

describe("dpkg status extractor: details", () => {
  const valid = suite.cases.find((c) => c.fixture === "dpkg/valid")!;

  it("puts architecture, distro and source package in the purl, and the paragraph line in the location", async () => {
    const r = await run(valid);
    const util = r.packages.find((p) => p.name === "util-linux-extra")!;
    assert.equal(
      util.purl,
      "pkg:deb/debian/util-linux-extra@2.38.1-5+b1?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5",
    );
    assert.deepEqual(util.locations, [{ path: "var/lib/dpkg/status", line: 120 }]);
    assert.equal(r.packages.find((p) => p.name === "libacl1")!.locations[0].line, 104);
  });

  it("reports entries without name or version as errors, with their line", async () => {
    const kase = suite.cases.find((c) => c.fixture === "dpkg/noversion")!;
    const r = await run(kase);
    assert.equal(r.errors?.length, 1);
    assert.match(r.errors![0].message, /acl has no Version/);
  });

  it("reads os-release beside a nested root file system, falling back to usr/lib/os-release", async () => {
    const r = await dpkgStatusExtractor.extract({
      path: "images/jammy/var/lib/dpkg/status",
      text: "Package: a\nStatus: install ok installed\nVersion: 1\n",
      readFile: async (p) =>
        p === "../../../usr/lib/os-release"
          ? 'ID=ubuntu\nVERSION_ID="24.10"\nVERSION="24.10 (Oracular Oriole)"'
          : undefined,
    });
    assert.equal(r.packages[0].ecosystem, "Ubuntu:24.10");
  });

  it("statusfield: not-installed states are left out silently, an entry without Status is reported", async () => {
    const kase = suite.cases.find((c) => c.fixture === "dpkg/statusfield")!;
    const r = await run(kase);
    assert.deepEqual(
      r.errors?.map((e) => e.message),
      ["package wantnostatus has no Status field; not reported as installed"],
    );
  });

  it("matches the status file and status.d entries, not md5sums", () => {
    assert.ok(dpkgStatusExtractor.matches("var/lib/dpkg/status"));
    assert.ok(dpkgStatusExtractor.matches("rootfs/var/lib/dpkg/status.d/base"));
    assert.ok(!dpkgStatusExtractor.matches("var/lib/dpkg/status.d/base.md5sums"));
    assert.ok(!dpkgStatusExtractor.matches("var/lib/dpkg/status-old"));
  });
});

describe("Debian/Ubuntu ecosystem names", () => {
  for (const [osRelease, ecosystem] of [
    ['ID=debian\nVERSION_ID="11"', "Debian:11"],
    ['ID=ubuntu\nVERSION_ID="20.04"\nVERSION="20.04.6 LTS (Focal Fossa)"', "Ubuntu:20.04:LTS"],
    ['ID=ubuntu\nVERSION_ID="23.10"\nVERSION="23.10 (Mantic Minotaur)"', "Ubuntu:23.10"],
    ['ID=ubuntu\nVERSION_ID="23.04"', "Ubuntu:23.04"],
    ['ID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="21.3"', "Ubuntu"],
    ["ID=debian\nPRETTY_NAME='Debian GNU/Linux trixie/sid'", "Debian"],
  ] as const) {
    it(`${JSON.stringify(osRelease)} -> ${ecosystem}`, () => {
      assert.equal(debianEcosystem(parseOsRelease(osRelease)), ecosystem);
    });
  }
});

describe("dpkg status extractor: bad input", () => {
  const extract = (text: string) =>
    dpkgStatusExtractor.extract({ path: "var/lib/dpkg/status", text, readFile: async () => undefined });

  it("binary junk is an ExtractError naming the line", async () => {
    await assert.rejects(
      async () => extract("\x00\x01\x02\x03"),
      (e: unknown) => e instanceof ExtractError && e.line === 1 && /not a dpkg status file/.test(e.message),
    );
  });

  it("a stray line among good entries is reported and the entries kept", async () => {
    const r = await extract("Package: a\nStatus: install ok installed\nVersion: 1\ngarbage\n");
    assert.equal(r.packages.length, 1);
    assert.deepEqual(r.errors, [{ path: "var/lib/dpkg/status", line: 4, message: "not a control field" }]);
  });

  it("arbitrary text never throws anything but an Error", async () => {
    await assertOnlyErrors(
      extract,
      "Package: a\nStatus: install ok installed\nSource: b (1)\nVersion: 1\n\nPackage: c\n",
    );
  });
});
