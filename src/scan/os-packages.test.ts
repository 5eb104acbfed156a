import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { scan } from "./index.js";

// Distribution advisories name source packages (unixodbc), while dpkg lists binary packages (libodbc1) with
// the source in its `Source:` field. The records are real corpus records (CVE-2024-1013 for Debian:10
// unixodbc, every version affected; DSA-3029-1 for Debian:7 nginx, fixed in 1.2.1-2.2+wheezy3). The root
// filesystems are hand-written, minimal dpkg databases pinning this one rule.

let database: CorpusAdvisories;
const roots: string[] = [];

before(async () => {
  database = await buildCorpusDatabase(["ghsa-and-others"]);
});
after(() => {
  database.cleanup();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function rootfs(versionId: string, status: string): string {
  const root = mkdtempSync(join(tmpdir(), "bulwark-rootfs-"));
  roots.push(root);
  mkdirSync(join(root, "etc"), { recursive: true });
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  writeFileSync(join(root, "etc/os-release"), `ID=debian\nVERSION_ID="${versionId}"\n`);
  writeFileSync(join(root, "var/lib/dpkg/status"), status);
  return root;
}

const libodbc = `Package: libodbc1
Status: install ok installed
Source: unixodbc
Version: 2.3.6-0.1
Architecture: amd64
`;

describe("OS packages are matched under their source package", () => {
  test("libodbc1 (source unixodbc) on Debian 10 is affected by CVE-2024-1013", async () => {
    const result = await scan({ paths: [rootfs("10", libodbc)] }, database.reader);
    const finding = result.findings.find(
      (f) => f.id === "CVE-2024-1013" || f.aliases.includes("CVE-2024-1013"),
    );
    assert.ok(finding, `findings: ${result.findings.map((f) => f.id).join(", ")}`);
    assert.equal(finding.package.name, "libodbc1");
    assert.equal(finding.package.ecosystem, "Debian:10");
  });

  test("the same package on Debian 12 is not: the record covers Debian 10 only", async () => {
    const result = await scan({ paths: [rootfs("12", libodbc)] }, database.reader);
    assert.deepEqual(
      result.findings.map((f) => f.id),
      [],
    );
  });

  test("a package without Source: is its own source (nginx on Debian 7, DSA-3029-1, fixed in +wheezy3)", async () => {
    const nginx = (version: string) =>
      `Package: nginx\nStatus: install ok installed\nVersion: ${version}\nArchitecture: amd64\n`;
    const vulnerable = await scan({ paths: [rootfs("7", nginx("1.2.1-2.2+wheezy2"))] }, database.reader);
    assert.deepEqual(
      vulnerable.findings.map((f) => f.id),
      ["DSA-3029-1"],
    );
    assert.equal(vulnerable.remediation[0]?.fixVersion, "1.2.1-2.2+wheezy3");
    const fixed = await scan({ paths: [rootfs("7", nginx("1.2.1-2.2+wheezy3"))] }, database.reader);
    assert.deepEqual(fixed.findings, []);
  });
});
