import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseOsRelease, readOsRelease, rootOf } from "./os-release.js";

describe("os-release", () => {
  it("reads quoted, unquoted and escaped values; skips comments and junk", () => {
    assert.deepEqual(
      parseOsRelease(
        '# comment\nNAME="Debian GNU/Linux"\n\t\t\tID=debian\nVERSION_ID=\'12\'\nPRETTY_NAME="say \\"hi\\""\nnot a line\nlower=ignored\n',
      ),
      { NAME: "Debian GNU/Linux", ID: "debian", VERSION_ID: "12", PRETTY_NAME: 'say "hi"' },
    );
  });

  it("finds the root of the file system relative to the database's folder", () => {
    assert.equal(rootOf("var/lib/dpkg/status", "var/lib/dpkg/"), "../../../");
    assert.equal(rootOf("img/var/lib/dpkg/status.d/base", "var/lib/dpkg/"), "../../../../");
    assert.equal(rootOf("/abs/rootfs/lib/apk/db/installed", "lib/apk/db/installed"), "../../../");
    assert.equal(rootOf("backup/dpkg-status", "var/lib/dpkg/"), undefined);
  });

  it("prefers etc/os-release and falls back to usr/lib/os-release", async () => {
    const files: Record<string, string> = {
      "../usr/lib/os-release": "ID=ubuntu",
      "../etc/os-release": "ID=debian",
    };
    assert.deepEqual(await readOsRelease(async (p) => files[p], "../"), { ID: "debian" });
    delete files["../etc/os-release"];
    assert.deepEqual(await readOsRelease(async (p) => files[p], "../"), { ID: "ubuntu" });
    assert.equal(await readOsRelease(async (p) => files[p], undefined), undefined);
  });
});
