import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { inventory } from "../../inventory/index.js";
import { corpusPath } from "../../testing/corpus.js";

// Through the real inventory: the OS extractors find etc/os-release and etc/alpine-release relative to the
// database however the scanned path is given. The root file system is assembled in a temporary folder
// from corpus files (outside the repository) and removed afterwards.
describe("OS databases in a root file system, through the inventory", () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "bulwark-rootfs-"));
    const fs = join(root, "images", "bookworm");
    mkdirSync(join(fs, "var/lib/dpkg/status.d"), { recursive: true });
    mkdirSync(join(fs, "lib/apk/db"), { recursive: true });
    mkdirSync(join(fs, "etc"), { recursive: true });
    mkdirSync(join(fs, "usr/lib/opkg"), { recursive: true });
    copyFileSync(corpusPath("lockfiles", "os", "dpkg", "dpkg", "valid"), join(fs, "var/lib/dpkg/status"));
    copyFileSync(
      corpusPath("lockfiles", "os", "dpkg", "dpkg", "status.d", "foo"),
      join(fs, "var/lib/dpkg/status.d/foo"),
    );
    copyFileSync(corpusPath("lockfiles", "os", "apk", "installed"), join(fs, "lib/apk/db/installed"));
    copyFileSync(corpusPath("lockfiles", "os", "dpkg", "opkg", "valid"), join(fs, "usr/lib/opkg/status"));
    writeFileSync(join(fs, "etc/os-release"), 'ID=debian\nVERSION_ID="12"\nVERSION="12 (bookworm)"\n');
    writeFileSync(join(fs, "etc/alpine-release"), "3.18.4\n");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("names the releases from the tree, for the folder and for a parent of it", async () => {
    for (const scanned of [join(root, "images", "bookworm"), root]) {
      const result = await inventory([scanned]);
      const ecosystems = new Set(result.packages.map((p) => p.ecosystem));
      assert.deepEqual([...ecosystems].sort(), ["Alpine:v3.18", "Debian:12"], scanned);
      // 7 in status, 1 in status.d/foo, 15 in the apk database; none from usr/lib/opkg/status
      assert.equal(result.packages.length, 7 + 1 + 15);
      assert.deepEqual(result.errors, []);
    }
  });

  it("leaves OpenWrt's opkg database unread: its packages are reported neither as Debian nor as errors", async () => {
    // OSV has no OpenWrt ecosystem (see dpkg-status.test.ts); usr/lib/opkg/status holds ubus, libuci20130104
    // and busybox (busybox is also in the apk database, so only an Alpine one may appear).
    const result = await inventory([root]);
    const names = new Set(result.packages.map((p) => p.name));
    for (const name of ["ubus", "libuci20130104"]) assert.ok(!names.has(name), name);
    const busybox = result.packages.filter((p) => p.name === "busybox").map((p) => p.ecosystem);
    assert.deepEqual(busybox, ["Alpine:v3.18"]);
    assert.ok(!result.sources.some((source) => source.path.includes("opkg")));
    assert.ok(names.has("accountsservice"), "the dpkg database beside it is read");
  });
});
