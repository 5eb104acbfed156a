import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { ProvenanceError } from "./errors.js";
import { at } from "./json-path.js";
import { readRegistryKeys } from "./npm-registry-keys.js";
import {
  PINNED_NPM_KEYS_PATH,
  PINNED_TRUSTED_ROOT_PATH,
  parseTrustedRoot,
  readTrustedRoot,
} from "./trusted-root.js";

const seeds = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("@sigstore/tuf/seeds.json"), "utf8"),
);
const targets = seeds["https://tuf-repo-cdn.sigstore.dev"].targets as Record<string, string>;
const pinned = () => JSON.parse(readFileSync(PINNED_TRUSTED_ROOT_PATH, "utf8"));

describe("trusted root", () => {
  it("the pinned root and npm keys are byte for byte the TUF targets embedded in @sigstore/tuf", async () => {
    assert.ok(
      readFileSync(PINNED_TRUSTED_ROOT_PATH).equals(
        Buffer.from(targets["trusted_root.json"] as string, "base64"),
      ),
    );
    assert.ok(
      readFileSync(PINNED_NPM_KEYS_PATH).equals(
        Buffer.from(targets["registry.npmjs.org%2Fkeys.json"] as string, "base64"),
      ),
    );
    assert.equal((await readRegistryKeys(PINNED_NPM_KEYS_PATH)).length, 4);
  });
  it("is Sigstore production: Rekor v1 and v2 logs, Fulcio, CT logs and the TSA", async () => {
    const root = pinned();
    assert.deepEqual(
      root.tlogs.map((t: { baseUrl: string }) => t.baseUrl),
      ["https://rekor.sigstore.dev", "https://log2025-1.rekor.sigstore.dev"],
    );
    const loaded = await readTrustedRoot(PINNED_TRUSTED_ROOT_PATH);
    assert.equal(loaded.root.certificateAuthorities.length, 2);
    assert.equal(loaded.root.timestampAuthorities.length, 1);
    assert.equal(loaded.material.tlogs.length, 2);
  });
  const removals: [string, (string | number)[]][] = [
    ["a transparency log key", ["tlogs", 0, "publicKey", "validFor", "start"]],
    ["a CT log key", ["ctlogs", 1, "publicKey", "validFor"]],
    ["a certificate authority", ["certificateAuthorities", 1, "validFor"]],
    ["a timestamp authority", ["timestampAuthorities", 0, "validFor", "start"]],
  ];
  for (const [where, path] of removals) {
    it(`rejects a root where ${where} has no validity start`, () => {
      const root = pinned();
      const parent = at(root, ...path.slice(0, -1)) as Record<string | number, unknown>;
      delete parent[path[path.length - 1] as string | number];
      assert.throws(
        () => parseTrustedRoot(root, "edited.json"),
        // The trusted root is an input, not evidence: refused (exit 2), not a rejection.
        (e: unknown) => e instanceof ProvenanceError && /no validity start/.test(e.message),
      );
    });
  }
  it("rejects documents that are not trusted roots", () => {
    assert.throws(() => parseTrustedRoot([], "a.json"), /not a trusted root/);
    assert.throws(() => parseTrustedRoot({ mediaType: "application/json" }, "b.json"), /unknown media type/);
    assert.throws(() => parseTrustedRoot({ ...pinned(), tlogs: "x" }, "c.json"), /tlogs is not a list/);
  });
});
