import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, it } from "node:test";
import { ProvenanceError, VerificationFailure } from "./errors.js";
import { parseRegistryKeys, readRegistryKeys } from "./npm-registry-keys.js";
import { registryVersionFrom, verifyRegistrySignatures } from "./registry-signatures.js";
import { PINNED_NPM_KEYS_PATH } from "./trusted-root.js";

const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const rawBytes = publicKey.export({ type: "spki", format: "der" }).toString("base64");
const keys = parseRegistryKeys(
  {
    keys: [
      {
        keyId: "SHA256:old",
        keyUsage: "npm:signatures",
        publicKey: { rawBytes, validFor: { start: "2020-01-01T00:00:00Z", end: "2024-01-01T00:00:00Z" } },
      },
      {
        keyId: "SHA256:new",
        keyUsage: "npm:signatures",
        publicKey: { rawBytes, validFor: { start: "2024-01-01T00:00:00Z" } },
      },
    ],
  },
  "keys.json",
);
const integrity = "sha512-AAAA";
const sigFor = (message: string) => sign("sha256", Buffer.from(message), privateKey).toString("base64");
const version = (keyid: string, extra: Record<string, unknown> = {}) => ({
  name: "@scope/pkg",
  version: "1.2.3",
  integrity,
  signatures: [{ keyid, sig: sigFor(`@scope/pkg@1.2.3:${integrity}`) }],
  ...extra,
});

function failure(run: () => unknown): VerificationFailure {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof VerificationFailure);
    return error;
  }
  assert.fail("expected a rejection");
}

describe("npm registry signatures", () => {
  it("the pinned registry keys load with their windows (the 2022 key expired on 2025-01-29)", async () => {
    const pinned = await readRegistryKeys(PINNED_NPM_KEYS_PATH);
    assert.equal(pinned.length, 4);
    const old = pinned.find(
      (k) => k.keyId === "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA" && k.usage === "npm:signatures",
    );
    assert.equal(old?.validUntil?.toISOString(), "2025-01-29T00:00:00.000Z");
  });
  it("verifies name@version:integrity with a current key", () => {
    assert.equal(verifyRegistrySignatures(version("SHA256:new"), keys, "m").keyId, "SHA256:new");
  });
  it("honours key expiry: an expired key counts only for versions published before its end", () => {
    assert.equal(
      verifyRegistrySignatures(version("SHA256:old", { publishedAt: new Date("2023-05-01") }), keys, "m")
        .keyId,
      "SHA256:old",
    );
    assert.match(
      failure(() =>
        verifyRegistrySignatures(version("SHA256:old", { publishedAt: new Date("2024-06-01") }), keys, "m"),
      ).message,
      /was not valid at/,
    );
    assert.match(
      failure(() => verifyRegistrySignatures(version("SHA256:old"), keys, "m")).message,
      /was not valid at/,
    );
  });
  it("rejects a changed name, version or integrity, a bad signature, unknown keys and no signatures", () => {
    for (const changed of [{ name: "other" }, { version: "1.2.4" }, { integrity: "sha512-BBBB" }]) {
      assert.match(
        failure(() => verifyRegistrySignatures(version("SHA256:new", changed), keys, "m")).message,
        /does not match/,
      );
    }
    assert.match(
      failure(() =>
        verifyRegistrySignatures(
          { ...version("SHA256:new"), signatures: [{ keyid: "SHA256:new", sig: "AAAA" }] },
          keys,
          "m",
        ),
      ).message,
      /does not match/,
    );
    assert.match(
      failure(() => verifyRegistrySignatures(version("SHA256:nope"), keys, "m")).message,
      /only with unknown keys/,
    );
    assert.match(
      failure(() => verifyRegistrySignatures({ ...version("SHA256:new"), signatures: [] }, keys, "m"))
        .message,
      /no registry signatures/,
    );
  });
  it("reads a version document or a packument (with its publish time)", () => {
    const v = version("SHA256:old");
    const manifest = { name: v.name, version: v.version, dist: { integrity, signatures: v.signatures } };
    assert.equal(registryVersionFrom(manifest, "m").signatures.length, 1);
    const packument = {
      name: v.name,
      versions: { "1.2.3": manifest },
      time: { "1.2.3": "2023-05-01T00:00:00Z" },
    };
    const read = registryVersionFrom(packument, "p", "1.2.3");
    assert.equal(read.publishedAt?.toISOString(), "2023-05-01T00:00:00.000Z");
    assert.equal(verifyRegistrySignatures(read, keys, "p").keyId, "SHA256:old");
    // Which version to check is the caller's to say: a usage error naming what is needed, not a rejection.
    assert.throws(
      () => registryVersionFrom(packument, "p"),
      (e: unknown) => e instanceof ProvenanceError && e.details.need === "package-version",
    );
    assert.match(
      failure(() => registryVersionFrom({ versions: {} }, "p", "9.9.9")).message,
      /no version 9.9.9/,
    );
  });
  it("rejects unusable key documents", () => {
    assert.throws(
      () =>
        parseRegistryKeys(
          { keys: [{ keyId: "x", keyUsage: "npm:signatures", publicKey: { rawBytes: "AAAA" } }] },
          "k",
        ),
      /key 0 is unusable/,
    );
    assert.throws(() => parseRegistryKeys({}, "k"), /no "keys" list/);
  });
});
