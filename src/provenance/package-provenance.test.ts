import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Package } from "../model/package.js";
import { corpusPath } from "../testing/corpus.js";
import { ProvenanceError } from "./errors.js";
import { attestationFileCandidates, type FetchLike, verifyPackagesProvenance } from "./package-provenance.js";
import { TrustStore } from "./trust.js";
import { updateTrust } from "./trust-update.js";

const gha = corpusPath("signing", "slsa-verifier-npm", "gha");
const integrityOf = (tgz: string) =>
  `sha512-${createHash("sha512")
    .update(readFileSync(join(gha, tgz)))
    .digest("base64")}`;

function npmPackage(name: string, version: string, hashes?: string[]): Package {
  return {
    ecosystem: "npm",
    name,
    version,
    purl: `pkg:npm/${name.replace("@", "%40")}@${version}`,
    groups: [],
    locations: [],
    dependencies: [],
    resolved: true,
    hashes,
  };
}

describe("verifyPackagesProvenance", () => {
  let dir: string;
  before(() => {
    // Test-time copies in a temporary directory, laid out the three ways the directory may hold files.
    dir = mkdtempSync(join(tmpdir(), "bulwark-attestations-"));
    copyFileSync(join(gha, "gundam-visor-cli-v1-tag.tgz.json"), join(dir, "gundam-visor@1.0.1.json"));
    mkdirSync(join(dir, "@laurentsimon"));
    copyFileSync(
      join(gha, "provenance-npm-test-cli-v02-prega.tgz.json"),
      join(dir, "@laurentsimon", "provenance-npm-test@1.0.3.json"),
    );
    copyFileSync(
      join(gha, "supreme-googles-cli-v02-tag-invalidsigprov.tgz.json"),
      join(dir, "@trishankatdatadog%2fsupreme-goggles@1.0.5.json"),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("names candidate files for plain and scoped packages", () => {
    assert.deepEqual(attestationFileCandidates("d", "a", "1.0.0"), [join("d", "a@1.0.0.json")]);
    assert.deepEqual(attestationFileCandidates("d", "@s/a", "1.0.0"), [
      join("d", "@s/a@1.0.0.json"),
      join("d", "@s%2fa@1.0.0.json"),
      join("d", "@s%2Fa@1.0.0.json"),
    ]);
  });

  it("reports verified, failed (with reason) and none, and the share verified (offline)", async () => {
    const summary = await verifyPackagesProvenance(
      [
        npmPackage("gundam-visor", "1.0.1", [integrityOf("gundam-visor-cli-v1-tag.tgz")]),
        npmPackage("@laurentsimon/provenance-npm-test", "1.0.3", [
          integrityOf("provenance-npm-test-cli-v02-prega.tgz"),
        ]),
        npmPackage("@trishankatdatadog/supreme-goggles", "1.0.5", [
          integrityOf("supreme-googles-cli-v02-tag.tgz"),
        ]),
        npmPackage("left-pad", "1.3.0", ["sha512-AAAA"]),
        npmPackage("gundam-visor", "1.0.1", [integrityOf("gundam-visor-cli-v1-tag.tgz")]),
        { ...npmPackage("pypi-thing", "1.0"), ecosystem: "PyPI" },
      ],
      { attestationsDir: dir, offline: true },
    );
    assert.deepEqual(
      summary.packages.map((p) => [p.name, p.status]),
      [
        ["gundam-visor", "verified"],
        ["@laurentsimon/provenance-npm-test", "verified"],
        ["@trishankatdatadog/supreme-goggles", "failed"],
        ["left-pad", "none"],
      ],
    );
    assert.match(summary.packages[2]?.reason ?? "", /provenance attestation: DSSE payload hash mismatch/);
    assert.equal(summary.packages[0]?.sourceRepository, "github.com/ramonpetgrave64/gundam-visor");
    assert.deepEqual(
      [summary.total, summary.verified, summary.failed, summary.none, summary.verifiedShare],
      [4, 2, 1, 1, 0.5],
    );
  });

  it("fails a package whose integrity is unknown or different", async () => {
    const summary = await verifyPackagesProvenance(
      [
        npmPackage("gundam-visor", "1.0.1"),
        npmPackage("@laurentsimon/provenance-npm-test", "1.0.3", [
          `sha512-${Buffer.alloc(64).toString("base64")}`,
        ]),
      ],
      { attestationsDir: dir, offline: true },
    );
    assert.match(summary.packages[0]?.reason ?? "", /no sha512 integrity/);
    assert.match(summary.packages[1]?.reason ?? "", /no subject has sha512/);
  });

  it("fetches from the registry's attestations endpoint when online (local server)", async () => {
    const served = readFileSync(join(gha, "provenance-npm-test-cli-v1-prega.tgz.json"));
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? "");
      if (req.url === "/-/npm/v1/attestations/sigstore@2.3.1")
        res.writeHead(200, { "content-type": "application/json" }).end(served);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const registryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // HTTP goes through the fetch the caller passes (its outbound-request policy), never around it.
      const fetched: string[] = [];
      const policyFetch: FetchLike = (url, init) => {
        fetched.push(url);
        return fetch(url, init);
      };
      const packages = [
        npmPackage("sigstore", "2.3.1", [integrityOf("provenance-npm-test-cli-v1-prega.tgz")]),
        npmPackage("@a/b", "1.0.0", ["sha512-AAAA"]),
      ];
      const summary = await verifyPackagesProvenance(packages, {
        offline: false,
        registryUrl,
        fetch: policyFetch,
        trust: new TrustStore(),
      });
      assert.deepEqual(
        summary.packages.map((p) => p.status),
        ["verified", "none"],
      );
      assert.deepEqual(requests, [
        "/-/npm/v1/attestations/sigstore@2.3.1",
        "/-/npm/v1/attestations/@a%2fb@1.0.0",
      ]);
      assert.deepEqual(
        fetched,
        requests.map((r) => `${registryUrl}${r}`),
      );
      // Offline, the fetch is never called.
      fetched.length = 0;
      const offline = await verifyPackagesProvenance(packages, {
        offline: true,
        registryUrl,
        fetch: policyFetch,
      });
      assert.deepEqual(
        offline.packages.map((p) => p.status),
        ["none", "none"],
      );
      assert.deepEqual(fetched, []);
      // A registry error is recorded for the package with the URL and status, not thrown.
      const failing: FetchLike = async () => ({
        status: 503,
        ok: false,
        arrayBuffer: async () => new ArrayBuffer(0),
      });
      const down = await verifyPackagesProvenance(packages.slice(0, 1), {
        offline: false,
        registryUrl,
        fetch: failing,
      });
      assert.equal(down.packages[0]?.status, "failed");
      assert.match(down.packages[0]?.reason ?? "", /answered HTTP 503/);
    } finally {
      server.close();
    }
  });
});

describe("trust update", () => {
  it("offline: a clear error naming the mirror, nothing written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bulwark-trust-"));
    try {
      await assert.rejects(
        updateTrust({ mirror: "http://127.0.0.1:9", dir, timeoutMs: 2000 }),
        (error: unknown) => {
          assert.ok(error instanceof ProvenanceError);
          assert.match(error.message, /could not refresh trust material from http:\/\/127.0.0.1:9/);
          return true;
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
