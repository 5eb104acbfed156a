import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { expectRejection } from "../testing/verification.js";
import { type BundleVerifyOptions, fixedKey, verifyBundle } from "./bundle-verify.js";
import { loadPublicKey } from "./keys.js";
import { TrustStore } from "./trust.js";

/**
 * Hostile-input tests for transparency-log fields that are not covered by a signature of their own: each
 * real conformance bundle that verifies is mutated in one field and must then be rejected by the check
 * that names the contradiction.
 */
const dir = corpusPath("signing", "sigstore-conformance", "bundle-verify");
const IDENTITY =
  "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
const ISSUER = "https://token.actions.githubusercontent.com";

/** The parts of a bundle's JSON the mutations touch. */
interface EntryJson {
  logIndex: string;
  logId: { keyId: string };
  integratedTime?: string;
  inclusionPromise?: unknown;
  inclusionProof: { logIndex: string; treeSize: string; rootHash: string; checkpoint: { envelope: string } };
}
interface BundleJson {
  verificationMaterial: { tlogEntries: EntryJson[] };
}

interface Case {
  name: string;
  bundle: BundleJson;
  options: BundleVerifyOptions;
  /** The base64 log ids of the trusted root's transparency logs. */
  logIds: string[];
}

const trust = new TrustStore();
const cases: Case[] = [];
for (const name of readdirSync(dir).sort()) {
  const file = (f: string) => join(dir, name, f);
  if (name.endsWith("_fail") || !existsSync(file("bundle.sigstore.json"))) continue;
  const trustedRoot = await trust.trustedRoot(
    existsSync(file("trusted_root.json")) ? file("trusted_root.json") : undefined,
  );
  const artifact = readFileSync(existsSync(file("artifact")) ? file("artifact") : join(dir, "a.txt"));
  const options: BundleVerifyOptions = existsSync(file("key.pub"))
    ? { trustedRoot, artifact, keys: fixedKey(await loadPublicKey(file("key.pub"))) }
    : { trustedRoot, artifact, identity: { subject: IDENTITY, issuer: ISSUER } };
  cases.push({
    name,
    bundle: JSON.parse(readFileSync(file("bundle.sigstore.json"), "utf8")),
    options,
    logIds: trustedRoot.root.tlogs.map((t) => Buffer.from(t.logId?.keyId ?? []).toString("base64")),
  });
}

interface Mutation {
  what: string;
  /** Changes the bundle's first log entry; returns false when the mutation does not apply to it. */
  apply(entry: EntryJson, bundle: BundleJson, c: Case): boolean | undefined;
  /** The check expected to reject it. */
  check: string | ((entry: EntryJson) => string);
}

const flipFirstByte = (base64: string) => {
  const bytes = Buffer.from(base64, "base64");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString("base64");
};

const MUTATIONS: Mutation[] = [
  {
    what: "inclusionProof.rootHash changed",
    apply: (e) => {
      e.inclusionProof.rootHash = flipFirstByte(e.inclusionProof.rootHash);
    },
    check: "tlog-root-hash",
  },
  {
    what: "inclusionProof.treeSize + 1",
    apply: (e) => {
      e.inclusionProof.treeSize = String(BigInt(e.inclusionProof.treeSize) + 1n);
    },
    check: "tlog-tree-size",
  },
  {
    what: "inclusionProof.treeSize - 1",
    apply: (e) => {
      e.inclusionProof.treeSize = String(BigInt(e.inclusionProof.treeSize) - 1n);
    },
    check: "tlog-tree-size",
  },
  {
    what: "inclusionProof.treeSize -1",
    apply: (e) => {
      e.inclusionProof.treeSize = "-1";
    },
    check: "tlog-tree-size",
  },
  {
    what: "logIndex -1",
    apply: (e) => {
      e.logIndex = "-1";
    },
    check: "tlog-log-index",
  },
  {
    what: "logIndex below the inclusion proof's leaf index",
    apply: (e) => {
      e.logIndex = String(BigInt(e.inclusionProof.logIndex) - 1n);
    },
    check: "tlog-log-index",
  },
  {
    what: "logIndex + 1",
    apply: (e) => {
      e.logIndex = String(BigInt(e.logIndex) + 1n);
    },
    // Rekor v1: the signed entry timestamp covers the index; Rekor v2: the index is the proof's leaf index.
    check: (e) => (e.inclusionPromise ? "tlog_inclusion_promise_error" : "tlog-log-index"),
  },
  {
    what: "inclusionProof.logIndex -1",
    apply: (e) => {
      e.inclusionProof.logIndex = "-1";
    },
    check: "tlog-log-index",
  },
  {
    what: "inclusionProof.logIndex outside the tree",
    apply: (e) => {
      e.inclusionProof.logIndex = e.inclusionProof.treeSize;
    },
    check: "tlog-log-index",
  },
  {
    what: "logId.keyId of no trusted log",
    apply: (e) => {
      e.logId.keyId = createHash("sha256").update("no such log").digest("base64");
    },
    check: "tlog-log-id",
  },
  {
    what: "logId.keyId of another trusted log",
    apply: (e, _b, c) => {
      const other = c.logIds.find((id) => id !== e.logId.keyId);
      if (!other) return false;
      e.logId.keyId = other;
    },
    check: "tlog-log-id",
  },
  {
    what: "the entry twice",
    apply: (e, b) => {
      b.verificationMaterial.tlogEntries.push(structuredClone(e));
    },
    check: "tlog-duplicate",
  },
];

describe("transparency-log fields that contradict the signed checkpoint and entry", () => {
  it("has the conformance bundles that verify, each with a log entry and inclusion proof", () => {
    assert.equal(cases.length, 21);
    for (const c of cases) {
      const entries = c.bundle.verificationMaterial.tlogEntries;
      assert.ok(entries.length > 0 && entries[0].inclusionProof, c.name);
    }
  });

  for (const c of cases) {
    it(`${c.name}: verifies as published, and every mutation is rejected by the check naming it`, () => {
      verifyBundle(c.bundle, c.name, c.options);
      let applied = 0;
      for (const mutation of MUTATIONS) {
        const bundle = structuredClone(c.bundle);
        const entry = bundle.verificationMaterial.tlogEntries[0];
        if (mutation.apply(entry, bundle, c) === false) continue;
        applied++;
        const failure = expectRejection(() => verifyBundle(bundle, c.name, c.options));
        const check = typeof mutation.check === "string" ? mutation.check : mutation.check(entry);
        assert.equal(failure.check, check, `${mutation.what}: ${failure.message}`);
      }
      assert.ok(applied >= MUTATIONS.length - 1);
    });
  }

  it("reports a Rekor v2 entry's integratedTime, signed by nothing, as no verified time", () => {
    const c = cases.find((x) => x.name === "rekor2-happy-path")!;
    const bundle = structuredClone(c.bundle);
    bundle.verificationMaterial.tlogEntries[0].integratedTime = "1700000000";
    const result = verifyBundle(bundle, c.name, c.options);
    assert.ok(!result.timestamps.some((t) => t.getTime() === 1700000000 * 1000));
    assert.ok(result.timestamps.length > 0, "the TSA timestamp remains");
  });

  it("rejects a checkpoint without its signature block or with a size that is not a number", () => {
    const c = cases.find((x) => x.name === "happy-path-v0.3")!;
    const noSignatures = structuredClone(c.bundle);
    const proof = noSignatures.verificationMaterial.tlogEntries[0].inclusionProof;
    proof.checkpoint.envelope = proof.checkpoint.envelope.split("\n\n")[0];
    assert.equal(
      expectRejection(() => verifyBundle(noSignatures, c.name, c.options)).check,
      "tlog-checkpoint",
    );
    const badSize = structuredClone(c.bundle);
    const lines = badSize.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint.envelope.split("\n");
    lines[1] = "many";
    badSize.verificationMaterial.tlogEntries[0].inclusionProof.checkpoint.envelope = lines.join("\n");
    assert.equal(expectRejection(() => verifyBundle(badSize, c.name, c.options)).check, "tlog-checkpoint");
  });
});
