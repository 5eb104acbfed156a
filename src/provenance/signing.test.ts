import assert from "node:assert/strict";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { expectRejection } from "../testing/verification.js";
import { fixedKey, verifyBundle } from "./bundle-verify.js";
import { ProvenanceError } from "./errors.js";
import { at } from "./json-path.js";
import { generateKeyPair, KEY_TYPES, parsePublicKey } from "./keys.js";
import { signArtifact, signStatement, statementFor, subjectFor } from "./signing.js";
import { buildProvenanceStatement } from "./slsa-provenance.js";
import { parseStatement } from "./statement.js";
import { PINNED_TRUSTED_ROOT_PATH, readTrustedRoot } from "./trusted-root.js";

const trustedRoot = await readTrustedRoot(PINNED_TRUSTED_ROOT_PATH);
const artifact = Buffer.from("release artifact contents\n");

function keysOf(type: (typeof KEY_TYPES)[number]) {
  const pair = generateKeyPair(type);
  return {
    pair,
    privateKey: createPrivateKey(pair.privateKeyPem),
    publicKey: parsePublicKey(Buffer.from(pair.publicKeyPem), "test.pub"),
  };
}

for (const type of KEY_TYPES) {
  describe(`keys, sign and attest round trips (${type})`, () => {
    const { pair, privateKey, publicKey } = keysOf(type);
    const other = keysOf(type).publicKey;

    it("generates PEM keys whose hint is the SHA-256 of the public key", () => {
      assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
      assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
      const der = createPublicKey(pair.publicKeyPem).export({ type: "spki", format: "der" });
      assert.equal(pair.hint, createHash("sha256").update(der).digest("base64"));
    });

    it("sign -> verify bundle --key, with the artifact and with its digest (digest: ECDSA only)", () => {
      const bundle = signArtifact(artifact, privateKey);
      assert.equal(bundle.mediaType, "application/vnd.dev.sigstore.bundle.v0.3+json");
      const result = verifyBundle(bundle, "b", { trustedRoot, artifact, keys: fixedKey(publicKey) });
      assert.deepEqual(result.signer, { kind: "public-key", hint: pair.hint });
      assert.equal(result.transparencyLogEntries, 0);
      const digest = {
        algorithm: "sha256" as const,
        hex: createHash("sha256").update(artifact).digest("hex"),
      };
      if (type === "ecdsa-p256")
        verifyBundle(bundle, "b", { trustedRoot, digest, keys: fixedKey(publicKey) });
      else
        expectRejection(() => verifyBundle(bundle, "b", { trustedRoot, digest, keys: fixedKey(publicKey) }));
    });

    it("rejects another key, another artifact, no key", () => {
      const bundle = signArtifact(artifact, privateKey);
      expectRejection(() => verifyBundle(bundle, "b", { trustedRoot, artifact, keys: fixedKey(other) }));
      expectRejection(() =>
        verifyBundle(bundle, "b", { trustedRoot, artifact: Buffer.from("other"), keys: fixedKey(publicKey) }),
      );
      // No key is the caller's omission, not a rejection: nothing was examined.
      assert.throws(
        () => verifyBundle(bundle, "b", { trustedRoot, artifact }),
        (e: unknown) =>
          e instanceof ProvenanceError && e.details.need === "key" && /give that key/.test(e.message),
      );
    });

    it("catches a change to any byte of the artifact or of the signature", () => {
      const bundle = signArtifact(artifact, privateKey);
      const signature = Buffer.from(bundle.messageSignature?.signature ?? "", "base64");
      fc.assert(
        fc.property(fc.nat(artifact.length - 1), fc.integer({ min: 1, max: 255 }), (pos, flip) => {
          const tampered = Buffer.from(artifact);
          tampered[pos] = (tampered[pos] as number) ^ flip;
          expectRejection(() =>
            verifyBundle(bundle, "b", { trustedRoot, artifact: tampered, keys: fixedKey(publicKey) }),
          );
        }),
        { numRuns: 40 },
      );
      fc.assert(
        fc.property(fc.nat(signature.length - 1), fc.integer({ min: 1, max: 255 }), (pos, flip) => {
          const sig = Buffer.from(signature);
          sig[pos] = (sig[pos] as number) ^ flip;
          const copy = structuredClone(bundle);
          if (copy.messageSignature) copy.messageSignature.signature = sig.toString("base64");
          expectRejection(() =>
            verifyBundle(copy, "b", { trustedRoot, artifact, keys: fixedKey(publicKey) }),
          );
        }),
        { numRuns: 40 },
      );
    });

    it("attest -> DSSE in-toto bundle bound to the artifact; any payload byte or subject change is caught", () => {
      const statement = statementFor([subjectFor("a.txt", artifact)], "https://example.com/predicate/v1", {
        ok: true,
      });
      const bundle = signStatement(statement, privateKey);
      const result = verifyBundle(bundle, "b", { trustedRoot, artifact, keys: fixedKey(publicKey) });
      assert.equal(result.matchedSubject?.name, "a.txt");
      assert.equal(result.statement?.predicateType, "https://example.com/predicate/v1");
      assert.match(
        expectRejection(() =>
          verifyBundle(bundle, "b", { trustedRoot, artifact: Buffer.from("x"), keys: fixedKey(publicKey) }),
        ).message,
        /no subject has sha256/,
      );
      const payload = Buffer.from(bundle.dsseEnvelope?.payload ?? "", "base64");
      fc.assert(
        fc.property(fc.nat(payload.length - 1), fc.integer({ min: 1, max: 255 }), (pos, flip) => {
          const p = Buffer.from(payload);
          p[pos] = (p[pos] as number) ^ flip;
          const copy = structuredClone(bundle);
          if (copy.dsseEnvelope) copy.dsseEnvelope.payload = p.toString("base64");
          expectRejection(() =>
            verifyBundle(copy, "b", { trustedRoot, artifact, keys: fixedKey(publicKey) }),
          );
        }),
        { numRuns: 60 },
      );
    });
  });
}

describe("SLSA provenance statement", () => {
  it("records every output with sha256 and sha512, the source, builder and run", () => {
    const statement = buildProvenanceStatement(
      [
        { name: "dist/app.tgz", bytes: artifact },
        { name: "dist/app.sbom.json", bytes: Buffer.from("{}") },
      ],
      {
        builderId: "https://ci.example/builder@v1",
        sourceUri: "git+https://github.com/o/r",
        sourceDigest: "sha1:ABCDEF0123",
        invocationId: "run-7",
      },
    );
    assert.equal(statement.predicateType, "https://slsa.dev/provenance/v1");
    assert.equal(statement.subject.length, 2);
    assert.equal(statement.subject[0]?.digest.sha512, createHash("sha512").update(artifact).digest("hex"));
    const predicate = statement.predicate;
    assert.deepEqual(at(predicate, "buildDefinition", "resolvedDependencies"), [
      { uri: "git+https://github.com/o/r", digest: { gitCommit: "abcdef0123" } },
    ]);
    assert.equal(at(predicate, "runDetails", "builder", "id"), "https://ci.example/builder@v1");
    assert.equal(at(predicate, "runDetails", "metadata", "invocationId"), "run-7");
    // It is a statement Bulwark's own parser accepts.
    assert.equal(parseStatement(JSON.stringify(statement), "s").subject.length, 2);
  });
  it("signed provenance verifies for each output; another output is rejected", () => {
    const { privateKey, publicKey } = keysOf("ecdsa-p256");
    const second = Buffer.from("second");
    const statement = buildProvenanceStatement(
      [
        { name: "a", bytes: artifact },
        { name: "b", bytes: second },
      ],
      { builderId: "b", sourceUri: "https://github.com/o/r" },
    );
    const bundle = signStatement(statement, privateKey);
    assert.equal(
      verifyBundle(bundle, "p", { trustedRoot, artifact: second, keys: fixedKey(publicKey) }).matchedSubject
        ?.name,
      "b",
    );
    expectRejection(() =>
      verifyBundle(bundle, "p", { trustedRoot, artifact: Buffer.from("c"), keys: fixedKey(publicKey) }),
    );
  });
  it("rejects a malformed source digest", () => {
    assert.throws(
      () =>
        buildProvenanceStatement([{ name: "a", bytes: artifact }], {
          builderId: "b",
          sourceUri: "u",
          sourceDigest: "md5",
        }),
      /not ALGORITHM:HEX/,
    );
  });
});

describe("keys: wrong key types", () => {
  it("a private key given as the public key is refused with a hint", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const pem = Buffer.from(privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    assert.throws(() => parsePublicKey(pem, "k.pub"), /is a private key/);
    // Our message names the file; OpenSSL's text stays out of it (kept in details.reason).
    assert.throws(
      () => parsePublicKey(Buffer.from("garbage"), "k.pub"),
      (e: unknown) =>
        e instanceof ProvenanceError &&
        e.message === "k.pub is not a public key that can be read" &&
        typeof e.details.reason === "string",
    );
  });
});
