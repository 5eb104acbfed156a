import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { expectRejection } from "../testing/verification.js";
import { verifyNpmAttestations } from "./npm-attestations.js";
import { checkCiIssuer, type NpmProvenancePolicy } from "./npm-provenance-policy.js";
import { readRegistryKeys } from "./npm-registry-keys.js";
import { type NpmTarballIdentity, readNpmTarball } from "./npm-tarball.js";
import { PINNED_NPM_KEYS_PATH, PINNED_TRUSTED_ROOT_PATH, readTrustedRoot } from "./trusted-root.js";

const trust = {
  trustedRoot: await readTrustedRoot(PINNED_TRUSTED_ROOT_PATH),
  registryKeys: await readRegistryKeys(PINNED_NPM_KEYS_PATH),
};
const gha = corpusPath("signing", "slsa-verifier-npm", "gha");
/** Name, version and sha512 of every tarball of the folder, read once. */
const tarballs = new Map<string, NpmTarballIdentity>();
for (const base of readdirSync(gha).filter((f) => f.endsWith(".tgz"))) {
  tarballs.set(base, await readNpmTarball(readFileSync(join(gha, base)), base));
}
const malformed = corpusPath("signing", "slsa-verifier-npm", "malformed");
const pacote = corpusPath("signing", "pacote");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

function verifyTarball(base: string, policy: NpmProvenancePolicy = {}) {
  const tgz = join(gha, base);
  return verifyNpmAttestations(readJson(`${tgz}.json`), base, tarballs.get(base)!, policy, trust);
}

/** The real packages of slsa-verifier's npm test data and the source each was built from. */
const REAL = [
  {
    base: "gundam-visor-cli-v1-tag.tgz",
    name: "gundam-visor",
    version: "1.0.1",
    source: "github.com/ramonpetgrave64/gundam-visor",
    ref: "refs/tags/v1.0.1",
    builder: "https://github.com/actions/runner/github-hosted",
  },
  {
    base: "provenance-npm-test-cli-v02-prega.tgz",
    name: "@laurentsimon/provenance-npm-test",
    version: "1.0.3",
    source: "github.com/laurentsimon/provenance-npm-test",
    ref: "refs/heads/main",
    builder: "https://github.com/actions/runner",
  },
  {
    base: "provenance-npm-test-cli-v1-prega.tgz",
    name: "sigstore",
    version: "2.3.1",
    source: "github.com/sigstore/sigstore-js",
    ref: "refs/heads/main",
    builder: "https://github.com/actions/runner/github-hosted",
  },
  {
    base: "provenance-npm-test-ossf.tgz",
    name: "@laurentsimon/provenance-npm-test",
    version: "1.0.5",
    source: "github.com/laurentsimon/provenance-npm-test",
    ref: "refs/heads/main",
    builder:
      "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml@refs/tags/v1.6.0",
  },
  {
    base: "supreme-googles-cli-v02-tag.tgz",
    name: "@trishankatdatadog/supreme-goggles",
    version: "1.0.5",
    source: "github.com/trishankatdatadog/supreme-goggles",
    ref: "refs/tags/v1.0.5",
    builder: "https://github.com/actions/runner",
  },
];

describe("npm attestations: slsa-verifier real packages", () => {
  for (const pkg of REAL) {
    it(`${pkg.base} verifies with its source, ref and builder`, () => {
      const result = verifyTarball(pkg.base, {
        sourceUri: pkg.source,
        sourceRef: pkg.ref,
        builderId: pkg.builder,
      });
      assert.equal(result.package.name, pkg.name);
      assert.equal(result.package.version, pkg.version);
      assert.equal(result.provenance.sourceRepository, pkg.source);
      assert.equal(result.provenance.sourceRef, pkg.ref);
      assert.equal(result.provenance.builderId, pkg.builder);
      assert.equal(result.publish.keyId, "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA");
    });
    it(`${pkg.base} is rejected for a wrong source repository, ref or builder`, () => {
      assert.match(
        expectRejection(() => verifyTarball(pkg.base, { sourceUri: "github.com/evil/fork" })).message,
        /built from github.com\/.* expected github.com\/evil\/fork/,
      );
      assert.match(
        expectRejection(() => verifyTarball(pkg.base, { sourceRef: "refs/tags/v9.9.9" })).message,
        /expected refs\/tags\/v9.9.9/,
      );
      assert.match(
        expectRejection(() => verifyTarball(pkg.base, { builderId: "https://example.com/builder" })).message,
        /expected https:\/\/example.com\/builder/,
      );
    });
    it(`${pkg.base} is rejected for another package name or version`, () => {
      const tgz = join(gha, pkg.base);
      const real = tarballs.get(pkg.base)!;
      const attestations = readJson(`${tgz}.json`);
      for (const other of [
        { ...real, name: "left-pad" },
        { ...real, version: "0.0.1" },
        { ...real, sha512Hex: "00".repeat(64) },
      ]) {
        assert.equal(
          expectRejection(() => verifyNpmAttestations(attestations, pkg.base, other, {}, trust)).check,
          "subject",
        );
      }
    });
    for (const broken of ["invalidsigprov", "invalidsigpub"]) {
      const copy = pkg.base.replace(".tgz", `-${broken}.tgz`);
      it(`${copy} is rejected`, () => {
        const failure = expectRejection(() => verifyTarball(copy));
        const which = broken === "invalidsigprov" ? "provenance" : "publish";
        assert.match(failure.message, new RegExp(`${which} attestation`));
        // Either the log entry or signature no longer matches the altered payload, or (where the copy changed
        // the version in the publish predicate) the predicate no longer names the tarball's package.
        assert.ok(["tlog_body_error", "signature_error", "package"].includes(failure.check), failure.message);
      });
    }
  }
  it("accepts a builder id without its version and a short ref name", () => {
    const result = verifyTarball("provenance-npm-test-ossf.tgz", {
      builderId:
        "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/builder_nodejs_slsa3.yml",
      sourceRef: "main",
    });
    assert.equal(result.provenance.sourceDigest, "34490b44db557f009617bcb92b8780f972c189ab");
  });
});

describe("npm attestations: slsa-verifier malformed variants", () => {
  const file = (name: string) => join(malformed, name);
  // The baseline's tarball is not in the corpus: its identity is taken from the baseline's own subjects.
  const baseline = readJson(file("npm-attestations.intoto.sigstore"));
  const subject = JSON.parse(
    Buffer.from(baseline.attestations[0].bundle.dsseEnvelope.payload, "base64").toString(),
  ).subject[0];
  const pkg: NpmTarballIdentity = {
    name: "@laurentsimon/provenance-npm-test",
    version: "1.0.0",
    sha512Hex: subject.digest.sha512,
  };
  const verify = (name: string) => verifyNpmAttestations(readJson(file(name)), name, pkg, {}, trust);

  it("the unmodified baseline verifies", () => {
    assert.equal(
      verify("npm-attestations.intoto.sigstore").provenance.builderId,
      "https://github.com/npm/cli@9.5.0",
    );
  });
  const expected: Record<string, RegExp> = {
    "npm-att-mismatch-prov-payloadtype.intoto.sigstore":
      /provenance attestation: payload type "application\/vnd.in-toto\+jsonA"/,
    "npm-att-mismatch-prov-predicatetype.intoto.sigstore": /no SLSA provenance attestation/,
    // This variant altered the provenance envelope's payload type too (as published by slsa-verifier).
    "npm-att-mismatch-pub-payloadtype.intoto.sigstore": /payload type "application\/vnd.in-toto\+jsonA"/,
    "npm-att-mismatch-pub-predicatetype.intoto.sigstore": /no npm publish attestation/,
    "npm-att-prov-invalid-signature.intoto.sigstore":
      /provenance attestation: (DSSE payload hash mismatch|signature)/,
    "npm-att-publish-invalid-signature.intoto.sigstore": /publish attestation: subject 0 has no digest/,
    "npm-att-publish-nodigest.intoto.sigstore": /publish attestation: subject 0 has no digest/,
    "npm-att-publish-nosubjects.intoto.sigstore": /publish attestation: statement has no subjects/,
    "npm-stmt-mismatch-prov-predicatetype.intoto.sigstore":
      /provenance attestation: statement predicate type "https:\/\/slsa.dev\/provenanc\/v0.2" differs/,
    "npm-stmt-mismatch-prov-type.intoto.sigstore": /provenance attestation: unknown statement _type/,
    "npm-stmt-mismatch-pub-predicatetype.intoto.sigstore":
      /publish attestation: statement predicate type .* differs/,
    "npm-stmt-mismatch-pub-type.intoto.sigstore": /publish attestation: unknown statement _type/,
  };
  for (const [name, reason] of Object.entries(expected)) {
    it(`${name} is rejected`, () => assert.match(expectRejection(() => verify(name)).message, reason));
  }
});

describe("npm attestations: pacote fixtures", () => {
  const valid = readJson(join(pacote, "valid-attestations.json"));
  // pacote's tests compare with sigstore@0.4.0's registry integrity; the tarball is not in the corpus, so the
  // identity is the valid fixture's own subject (the fixtures differ from it only where they are broken).
  const digest = JSON.parse(
    Buffer.from(valid.attestations[0].bundle.dsseEnvelope.payload, "base64").toString(),
  ).subject[0].digest.sha512;
  const pkg: NpmTarballIdentity = { name: "sigstore", version: "0.4.0", sha512Hex: digest };
  const verify = (name: string, p = pkg) =>
    verifyNpmAttestations(readJson(join(pacote, name)), name, p, {}, trust);

  it("valid-attestations.json verifies (npm CLI 9.2.0 build of sigstore-js v0.4.0)", () => {
    const result = verify("valid-attestations.json", pkg);
    assert.equal(result.provenance.sourceRepository, "github.com/sigstore/sigstore-js");
    assert.equal(result.provenance.sourceRef, "refs/tags/v0.4.0");
  });
  const expected: Record<string, RegExp> = {
    "invalid-attestations.json":
      /publish attestation: (tlog entry signature mismatch|signature verification failed)/,
    "malformed-subject-attestations.json": /publish attestation: subject 0 has no digest/,
    "mismatched-keyid-attestations.json": /provenance attestation names signing key "JXkT/,
    "mismatched-subject-digest-attestations.json": /publish attestation: no subject has sha512/,
    "mismatched-subject-name-attestations.json": /subject pkg:npm\/sigstore@1.4.0 is not sigstore@0.4.0/,
    "no-keyid-attestations.json": /publish attestation: the envelope signature names no keyid/,
    "unsupported-attestations.json": /publish attestation: payload type "tlog-entry-mismatch"/,
  };
  for (const [name, reason] of Object.entries(expected)) {
    it(`${name} is rejected for its stated reason`, () =>
      assert.match(expectRejection(() => verify(name)).message, reason));
  }
  it("rejects a document that is not an attestation list, and a missing attestation", () => {
    assert.match(
      expectRejection(() => verifyNpmAttestations({ nope: 1 }, "x.json", pkg, {}, trust)).message,
      /not an npm attestations document/,
    );
    const onlyProvenance = { attestations: [valid.attestations[0]] };
    assert.match(
      expectRejection(() => verifyNpmAttestations(onlyProvenance, "x.json", pkg, {}, trust)).message,
      /no npm publish attestation/,
    );
  });
  it("rejects a publish attestation when the registry key is unknown or was not valid when it was logged", () => {
    const noKeys = { ...trust, registryKeys: [] };
    assert.match(
      expectRejection(() => verifyNpmAttestations(valid, "v.json", pkg, {}, noKeys)).message,
      /not an npm registry attestation key/,
    );
    const expired = trust.registryKeys.map((k) => ({ ...k, validUntil: new Date("2023-01-01T00:00:00Z") }));
    const failure = expectRejection(() =>
      verifyNpmAttestations(valid, "v.json", pkg, {}, { ...trust, registryKeys: expired }),
    );
    assert.match(failure.message, /not valid for timestamp/i);
  });
});

describe("npm attestations: publish attestation without a log entry", () => {
  it("is rejected: the registry key's validity could not be checked", () => {
    const pacoteValid = JSON.parse(readFileSync(join(pacote, "valid-attestations.json"), "utf8"));
    const digest = JSON.parse(
      Buffer.from(pacoteValid.attestations[0].bundle.dsseEnvelope.payload, "base64").toString(),
    ).subject[0].digest.sha512;
    pacoteValid.attestations[1].bundle.verificationMaterial.tlogEntries = [];
    const failure = expectRejection(() =>
      verifyNpmAttestations(
        pacoteValid,
        "v.json",
        { name: "sigstore", version: "0.4.0", sha512Hex: digest },
        {},
        trust,
      ),
    );
    assert.match(failure.message, /publish attestation.*(tlog|timestamp)/);
  });
});

describe("npm attestations: CI issuer", () => {
  it("accepts GitHub Actions and GitLab identities, rejects others", () => {
    checkCiIssuer({ issuer: "https://token.actions.githubusercontent.com" }, "p");
    checkCiIssuer({ issuer: "https://gitlab.com" }, "p");
    assert.match(
      expectRejection(() => checkCiIssuer({ issuer: "https://accounts.google.com" }, "p")).message,
      /not by a CI platform/,
    );
    assert.match(expectRejection(() => checkCiIssuer({}, "p")).message, /\(no issuer\)/);
  });
});
