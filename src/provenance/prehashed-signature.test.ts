import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { verifyPrehashed } from "./prehashed-signature.js";

describe("signature check from a digest", () => {
  for (const [curve, hash] of [
    ["P-256", "sha256"],
    ["P-384", "sha384"],
  ] as const) {
    it(`ECDSA ${curve}: accepts Node's signatures, rejects other messages and damaged signatures`, () => {
      const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: curve });
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), (data) => {
          const signature = sign(hash, data, privateKey);
          const digest = createHash(hash).update(data).digest();
          assert.equal(verifyPrehashed(publicKey, digest, signature), true);
          const other = Buffer.from(digest);
          other[0] = (other[0] as number) ^ 1;
          assert.equal(verifyPrehashed(publicKey, other, signature), false);
        }),
        { numRuns: 15 },
      );
      const digest = createHash(hash).update("x").digest();
      const signature = sign(hash, Buffer.from("x"), privateKey);
      for (const damaged of [
        Buffer.alloc(0),
        Buffer.from([0x30, 0x02, 0x02, 0x00]),
        signature.subarray(0, 10),
        Buffer.concat([signature, Buffer.from([0])]),
      ]) {
        assert.equal(verifyPrehashed(publicKey, digest, damaged), false);
      }
    });
  }
  it("RSA PKCS#1 v1.5 with SHA-256", () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const signature = sign("sha256", Buffer.from("artifact"), privateKey);
    assert.equal(
      verifyPrehashed(publicKey, createHash("sha256").update("artifact").digest(), signature),
      true,
    );
    assert.equal(verifyPrehashed(publicKey, createHash("sha256").update("other").digest(), signature), false);
  });
  it("Ed25519 cannot be checked from a digest", () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const signature = sign(null, Buffer.from("artifact"), privateKey);
    assert.equal(
      verifyPrehashed(publicKey, createHash("sha256").update("artifact").digest(), signature),
      false,
    );
  });
});
