import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, sign } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CLI_BIN, corpusPath } from "../testing/corpus.js";

/** End-to-end: the built CLI as a process (build first: npx tsc -p tsconfig.build.json). */
function bulwark(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI_BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, BULWARK_TRUST_DIR: join(tmpdir(), "bulwark-no-refreshed-trust") },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const conformance = corpusPath("signing", "sigstore-conformance", "bundle-verify");
const gha = corpusPath("signing", "slsa-verifier-npm", "gha");
const identity = [
  "--certificate-identity",
  "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
  "--certificate-oidc-issuer",
  "https://token.actions.githubusercontent.com",
];

describe("bulwark verify / sign / attest / keys / provenance / trust (CLI)", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "bulwark-provenance-cli-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string) => join(dir, name);

  it("verify bundle: 0 verified, 1 rejected with the reason, 2 usage errors", () => {
    const ok = bulwark(
      "verify",
      "bundle",
      join(conformance, "happy-path-v0.3", "bundle.sigstore.json"),
      join(conformance, "a.txt"),
      ...identity,
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^verified: .*message-signature/);
    const bad = bulwark(
      "verify",
      "bundle",
      join(conformance, "signature-mismatch_fail", "bundle.sigstore.json"),
      "--artifact",
      join(conformance, "a.txt"),
      ...identity,
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /signature mismatch/);
    const wrongIdentity = bulwark(
      "verify",
      "bundle",
      join(conformance, "happy-path-v0.3", "bundle.sigstore.json"),
      join(conformance, "a.txt"),
      "--certificate-identity",
      "someone@example.com",
      "--certificate-oidc-issuer",
      "https://accounts.google.com",
    );
    assert.equal(wrongIdentity.code, 1);
    assert.match(wrongIdentity.stderr, /certificate identity is .*expected "someone@example.com"/);
    const noIdentity = bulwark(
      "verify",
      "bundle",
      join(conformance, "happy-path-v0.3", "bundle.sigstore.json"),
      join(conformance, "a.txt"),
    );
    assert.equal(noIdentity.code, 2);
    assert.match(noIdentity.stderr, /--certificate-identity/);
    assert.equal(bulwark("verify", "bundle", file("missing.json"), "--digest", "sha256:00").code, 2);
    const digest = bulwark(
      "verify",
      "bundle",
      join(conformance, "happy-path-v0.3", "bundle.sigstore.json"),
      "--digest",
      "md5:abc",
      ...identity,
    );
    assert.equal(digest.code, 2);
    assert.match(digest.stderr, /not sha256:<64 hex digits>/);
  });

  it("verify bundle runs conformance cases the way the suite's harness does (exit 0 / 1 / 2)", () => {
    const expected: [string, number][] = [
      ["happy-path-v0.1", 0],
      ["rekor2-dsse-happy-path", 0],
      ["managed-key-happy-path", 0],
      // The bundle needs a key and none is given: not examined (2), whatever the harness expects of "fail".
      ["managed-key-no-key_fail", 2],
      ["intoto-expired-certificate_fail", 1],
      ["rekor2-timestamp-payload-mismatch_fail", 1],
    ];
    for (const [name, code] of expected) {
      const caseDir = join(conformance, name);
      const args = [
        "verify",
        "bundle",
        join(caseDir, "bundle.sigstore.json"),
        existsSync(join(caseDir, "artifact")) ? join(caseDir, "artifact") : join(conformance, "a.txt"),
        ...identity,
      ];
      if (existsSync(join(caseDir, "trusted_root.json")))
        args.push("--trusted-root", join(caseDir, "trusted_root.json"));
      if (existsSync(join(caseDir, "key.pub"))) args.push("--key", join(caseDir, "key.pub"));
      const run = bulwark(...args);
      assert.equal(run.code, code, `${name}: ${run.stderr}`);
    }
  });

  it("verify bundle --format json reports rejections as JSON too (a log root hash that contradicts the checkpoint)", () => {
    const bundle = JSON.parse(
      readFileSync(join(conformance, "happy-path-v0.3", "bundle.sigstore.json"), "utf8"),
    );
    const proof = bundle.verificationMaterial.tlogEntries[0].inclusionProof;
    proof.rootHash = Buffer.alloc(32, 7).toString("base64");
    writeFileSync(file("root-hash.json"), JSON.stringify(bundle));
    const run = bulwark(
      "verify",
      "bundle",
      file("root-hash.json"),
      join(conformance, "a.txt"),
      ...identity,
      "--format",
      "json",
    );
    assert.equal(run.code, 1);
    const json = JSON.parse(run.stdout);
    assert.equal(json.verified, false);
    assert.equal(json.check, "tlog-root-hash");
    assert.match(json.reason, /differs from the .* the checkpoint signs/);
  });

  it("a trusted root that cannot be used is not examined evidence: exit 2 naming the file", () => {
    const caseDir = join(conformance, "trust-root-tlog-missing-validity-start_fail");
    const run = bulwark(
      "verify",
      "bundle",
      join(caseDir, "bundle.sigstore.json"),
      join(conformance, "a.txt"),
      "--trusted-root",
      join(caseDir, "trusted_root.json"),
      ...identity,
      "--format",
      "json",
    );
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /trusted_root.json: tlogs\[1\] .* has no validity start/);
  });

  it("exit 2 when the bundle needs an input that is missing or unusable, with the flag to use", () => {
    const messageBundle = join(conformance, "happy-path-v0.3", "bundle.sigstore.json");
    const noArtifact = bulwark("verify", "bundle", messageBundle, ...identity);
    assert.equal(noArtifact.code, 2);
    assert.match(noArtifact.stderr, /signs an artifact directly/);
    assert.match(noArtifact.stderr, /--artifact FILE\) or --digest/);
    const keyBundle = join(conformance, "managed-key-happy-path", "bundle.sigstore.json");
    const noKey = bulwark("verify", "bundle", keyBundle, join(conformance, "a.txt"));
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /is signed with a public key .*: give that key\n.*--key FILE/s);
    writeFileSync(file("garbage.pub"), "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n");
    const badKey = bulwark(
      "verify",
      "bundle",
      keyBundle,
      join(conformance, "a.txt"),
      "--key",
      file("garbage.pub"),
    );
    assert.equal(badKey.code, 2);
    assert.match(badKey.stderr, /garbage.pub is not a public key that can be read/);
    assert.doesNotMatch(badKey.stderr, /error:[0-9A-F]{8}|DECODER|routines/, "no OpenSSL text");
    const missingKey = bulwark(
      "verify",
      "bundle",
      keyBundle,
      join(conformance, "a.txt"),
      "--key",
      file("none.pub"),
    );
    assert.equal(missingKey.code, 2);
    assert.match(missingKey.stderr, /cannot read public key .*none.pub: no such file/);
    const missingArtifact = bulwark("verify", "bundle", messageBundle, file("none.txt"), ...identity);
    assert.equal(missingArtifact.code, 2);
    assert.match(missingArtifact.stderr, /cannot read artifact .*none.txt: no such file/);
  });

  it("a DSSE bundle without an artifact: exit 2, or with --envelope-only exactly what was checked", () => {
    const dsse = join(conformance, "happy-path-intoto-in-dsse-v3", "bundle.sigstore.json");
    const plain = bulwark("verify", "bundle", dsse, ...identity);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /is a DSSE attestation: give the artifact/);
    assert.match(plain.stderr, /--envelope-only/);
    const envelope = bulwark("verify", "bundle", dsse, ...identity, "--envelope-only");
    assert.equal(envelope.code, 0, envelope.stderr);
    assert.match(envelope.stdout, /^envelope verified, artifact NOT checked: /);
    assert.doesNotMatch(envelope.stdout, /^verified:/m);
    assert.match(envelope.stdout, /artifact: not checked: the signature over the envelope verified/);
    assert.match(envelope.stdout, /subject .* sha256:[0-9a-f]{64}/);
    const json = bulwark("verify", "bundle", dsse, ...identity, "--envelope-only", "--format", "json");
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout).artifactChecked, false);
    const artifact = existsSync(join(conformance, "happy-path-intoto-in-dsse-v3", "artifact"))
      ? join(conformance, "happy-path-intoto-in-dsse-v3", "artifact")
      : join(conformance, "a.txt");
    const both = bulwark("verify", "bundle", dsse, artifact, ...identity, "--envelope-only");
    assert.equal(both.code, 2);
    const checked = bulwark("verify", "bundle", dsse, artifact, ...identity, "--format", "json");
    assert.equal(checked.code, 0, checked.stderr);
    assert.equal(JSON.parse(checked.stdout).artifactChecked, true);
  });

  it("bad input: malformed JSON, unknown media type, huge bundle, binary file, wrong key type", () => {
    const cases: [string, string | Buffer, RegExp][] = [
      ["malformed.json", '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", ', /not valid JSON/],
      [
        "unknown.json",
        JSON.stringify({ mediaType: "application/x-unknown", verificationMaterial: {} }),
        /unsupported bundle media type/,
      ],
      ["array.json", "[1,2,3]", /not a Sigstore bundle/],
      ["binary.json", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe]), /not valid JSON/],
      ["deep.json", `${"[".repeat(100000)}${"]".repeat(100000)}`, /not a Sigstore bundle|not valid JSON/],
    ];
    for (const [name, content, reason] of cases) {
      writeFileSync(file(name), content);
      const run = bulwark("verify", "bundle", file(name), join(conformance, "a.txt"), ...identity);
      assert.equal(run.code, 1, `${name}: ${run.stderr}`);
      assert.match(run.stderr, reason, name);
      assert.doesNotMatch(run.stderr, /unexpected error/);
    }
    writeFileSync(file("huge.json"), Buffer.alloc(33 * 1024 * 1024, 0x20));
    const huge = bulwark("verify", "bundle", file("huge.json"), join(conformance, "a.txt"), ...identity);
    assert.equal(huge.code, 1);
    assert.match(huge.stderr, /more than the \d+-byte limit/);
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    writeFileSync(file("private-as-public.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
    const wrongKey = bulwark(
      "verify",
      "bundle",
      join(conformance, "managed-key-happy-path", "bundle.sigstore.json"),
      join(conformance, "a.txt"),
      "--key",
      file("private-as-public.pem"),
    );
    assert.equal(wrongKey.code, 2);
    assert.match(wrongKey.stderr, /is a private key/);
    const keyOnCert = bulwark(
      "verify",
      "bundle",
      join(conformance, "happy-path-v0.3", "bundle.sigstore.json"),
      join(conformance, "a.txt"),
      "--key",
      join(conformance, "managed-key-happy-path", "key.pub"),
    );
    assert.equal(keyOnCert.code, 1);
    assert.match(keyOnCert.stderr, /signed with a certificate, not with a key/);
  });

  it("verify npm: a real package with its source, and rejections", () => {
    const tgz = join(gha, "gundam-visor-cli-v1-tag.tgz");
    const ok = bulwark(
      "verify",
      "npm",
      tgz,
      "--attestations",
      `${tgz}.json`,
      "--source-uri",
      "github.com/ramonpetgrave64/gundam-visor",
      "--source-ref",
      "v1.0.1",
      "--format",
      "json",
    );
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(
      JSON.parse(ok.stdout).provenance.builderId,
      "https://github.com/actions/runner/github-hosted",
    );
    const wrongSource = bulwark(
      "verify",
      "npm",
      tgz,
      "--attestations",
      `${tgz}.json`,
      "--source-uri",
      "github.com/evil/gundam-visor",
    );
    assert.equal(wrongSource.code, 1);
    assert.match(wrongSource.stderr, /expected github.com\/evil\/gundam-visor/);
    const wrongName = bulwark(
      "verify",
      "npm",
      tgz,
      "--attestations",
      `${tgz}.json`,
      "--package-name",
      "gundam-visor-evil",
    );
    assert.equal(wrongName.code, 1);
    const broken = join(gha, "gundam-visor-cli-v1-tag-invalidsigprov.tgz");
    const bad = bulwark("verify", "npm", broken, "--attestations", `${broken}.json`);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /provenance attestation/);
    const notTarball = bulwark("verify", "npm", `${tgz}.json`, "--attestations", `${tgz}.json`);
    assert.equal(notTarball.code, 2, "the artifact cannot be used: not examined");
    assert.match(notTarball.stderr, /not a gzip-compressed npm tarball/);
  });

  for (const type of ["ecdsa-p256", "ed25519"]) {
    it(`keys generate (${type}) -> sign / attest / provenance -> verify bundle --key; tampering is caught`, () => {
      const prefix = file(`key-${type}`);
      assert.equal(bulwark("keys", "generate", "--type", type, "--out", prefix).code, 0);
      assert.equal(
        bulwark("keys", "generate", "--type", type, "--out", prefix).code,
        2,
        "refuses to overwrite",
      );
      writeFileSync(file("artifact.bin"), "the release\n");
      writeFileSync(file("tampered.bin"), "the release!\n");
      assert.equal(
        bulwark("sign", file("artifact.bin"), "--key", `${prefix}.key`, "-o", file(`sig-${type}.json`)).code,
        0,
      );
      assert.equal(
        bulwark("verify", "bundle", file(`sig-${type}.json`), file("artifact.bin"), "--key", `${prefix}.pub`)
          .code,
        0,
      );
      assert.equal(
        bulwark("verify", "bundle", file(`sig-${type}.json`), file("tampered.bin"), "--key", `${prefix}.pub`)
          .code,
        1,
      );
      writeFileSync(file("predicate.json"), JSON.stringify({ reviewed: true }));
      assert.equal(
        bulwark(
          "attest",
          file("artifact.bin"),
          "--key",
          `${prefix}.key`,
          "--predicate-type",
          "https://example.com/review/v1",
          "--predicate",
          file("predicate.json"),
          "-o",
          file(`att-${type}.json`),
        ).code,
        0,
      );
      const attested = bulwark(
        "verify",
        "bundle",
        file(`att-${type}.json`),
        "--artifact",
        file("artifact.bin"),
        "--key",
        `${prefix}.pub`,
        "--format",
        "json",
      );
      assert.equal(attested.code, 0, attested.stderr);
      assert.equal(JSON.parse(attested.stdout).predicateType, "https://example.com/review/v1");
      assert.equal(
        bulwark(
          "verify",
          "bundle",
          file(`att-${type}.json`),
          "--artifact",
          file("tampered.bin"),
          "--key",
          `${prefix}.pub`,
        ).code,
        1,
      );
      const prov = bulwark(
        "provenance",
        file("artifact.bin"),
        "--builder-id",
        "https://ci.example/b",
        "--source-uri",
        "git+https://github.com/o/r",
        "--source-digest",
        "sha1:0123456789abcdef0123456789abcdef01234567",
        "--key",
        `${prefix}.key`,
        "-o",
        file(`prov-${type}.json`),
      );
      assert.equal(prov.code, 0, prov.stderr);
      const verified = bulwark(
        "verify",
        "bundle",
        file(`prov-${type}.json`),
        file("artifact.bin"),
        "--key",
        `${prefix}.pub`,
        "--format",
        "json",
      );
      assert.equal(verified.code, 0, verified.stderr);
      assert.equal(JSON.parse(verified.stdout).predicateType, "https://slsa.dev/provenance/v1");
      // Another key does not verify it.
      const other = file(`other-${type}`);
      bulwark("keys", "generate", "--type", type, "--out", other);
      assert.equal(
        bulwark("verify", "bundle", file(`prov-${type}.json`), file("artifact.bin"), "--key", `${other}.pub`)
          .code,
        1,
      );
    });
  }

  it("provenance --unsigned writes the statement; without a key or CI token it is a usage error", () => {
    writeFileSync(file("out.bin"), "x");
    const run = bulwark(
      "provenance",
      file("out.bin"),
      "--builder-id",
      "b",
      "--source-uri",
      "u",
      "--unsigned",
    );
    assert.equal(run.code, 0);
    assert.equal(JSON.parse(run.stdout).subject[0].name, "out.bin");
    const env = { ...process.env };
    delete env.SIGSTORE_ID_TOKEN;
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const noKey = spawnSync(
      process.execPath,
      [CLI_BIN, "provenance", file("out.bin"), "--builder-id", "b", "--source-uri", "u"],
      { encoding: "utf8", env },
    );
    assert.equal(noKey.status, 2);
    assert.match(noKey.stderr, /no --key and no CI identity token/);
  });

  it("verify registry-signature with given keys; expiry and tampering rejected", () => {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const rawBytes = publicKey.export({ type: "spki", format: "der" }).toString("base64");
    writeFileSync(
      file("keys.json"),
      JSON.stringify({
        keys: [
          {
            keyId: "SHA256:test",
            keyUsage: "npm:signatures",
            publicKey: { rawBytes, validFor: { start: "2020-01-01T00:00:00Z", end: "2024-01-01T00:00:00Z" } },
          },
        ],
      }),
    );
    const integrity = "sha512-abc";
    const sig = sign("sha256", Buffer.from(`demo@1.0.0:${integrity}`), privateKey).toString("base64");
    const manifest = {
      name: "demo",
      version: "1.0.0",
      dist: { integrity, signatures: [{ keyid: "SHA256:test", sig }] },
    };
    writeFileSync(
      file("packument.json"),
      JSON.stringify({
        name: "demo",
        versions: { "1.0.0": manifest },
        time: { "1.0.0": "2023-03-01T00:00:00Z" },
      }),
    );
    const ok = bulwark(
      "verify",
      "registry-signature",
      file("packument.json"),
      "--package-version",
      "1.0.0",
      "--registry-keys",
      file("keys.json"),
    );
    assert.equal(ok.code, 0, ok.stderr);
    writeFileSync(
      file("late.json"),
      JSON.stringify({
        name: "demo",
        versions: { "1.0.0": manifest },
        time: { "1.0.0": "2024-03-01T00:00:00Z" },
      }),
    );
    const late = bulwark(
      "verify",
      "registry-signature",
      file("late.json"),
      "--package-version",
      "1.0.0",
      "--registry-keys",
      file("keys.json"),
    );
    assert.equal(late.code, 1);
    assert.match(late.stderr, /was not valid at 2024-03-01/);
    writeFileSync(
      file("tampered.json"),
      JSON.stringify({ ...manifest, dist: { ...manifest.dist, integrity: "sha512-abd" } }),
    );
    assert.equal(
      bulwark("verify", "registry-signature", file("tampered.json"), "--registry-keys", file("keys.json"))
        .code,
      1,
    );
  });

  it("trust update offline: exit 2 with the reason; trust status names the pinned root", () => {
    const run = bulwark("trust", "update", "--mirror", "http://127.0.0.1:9", "--dir", file("trust"));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /could not refresh trust material/);
    const status = bulwark("trust", "status", "--format", "json");
    assert.equal(status.code, 0);
    assert.match(JSON.parse(status.stdout).trustedRoot, /assets\/sigstore\/trusted_root.json$/);
  });
});
