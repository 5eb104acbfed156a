import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { type BundleVerifyOptions, fixedKey, verifyBundle } from "./bundle-verify.js";
import { ProvenanceError, VerificationFailure } from "./errors.js";
import { parseJsonInput } from "./json-input.js";
import { loadPublicKey } from "./keys.js";
import { TrustStore } from "./trust.js";

/**
 * sigstore-conformance `bundle-verify` cases, run the way the suite's harness runs a client
 * (test/test_bundle.py, test/client.py): the case's trusted_root.json if present, else the production
 * root; key.pub if present; `artifact` if present, else bundle-verify/a.txt; the beacon workflow identity
 * and GitHub issuer; each case once with the artifact and once with its sha256 digest. `_fail` = reject.
 */
const dir = corpusPath("signing", "sigstore-conformance", "bundle-verify");
const IDENTITY =
  "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
const ISSUER = "https://token.actions.githubusercontent.com";

/** Cases this implementation cannot pass, with the reason. Empty: all 70 pass. */
const KNOWN_FAILURES: Record<string, string> = {};

// One store for the run, as the CLI has: the production root is read once.
const trust = new TrustStore();

const cases = readdirSync(dir)
  .filter((name) => statSync(join(dir, name)).isDirectory())
  .sort();

async function runCase(
  name: string,
  mode: "artifact" | "digest",
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  const caseDir = join(dir, name);
  const file = (f: string) => join(caseDir, f);
  try {
    const trustedRoot = await trust.trustedRoot(
      existsSync(file("trusted_root.json")) ? file("trusted_root.json") : undefined,
    );
    const artifact = readFileSync(existsSync(file("artifact")) ? file("artifact") : join(dir, "a.txt"));
    const options: BundleVerifyOptions = {
      trustedRoot,
      identity: { subject: IDENTITY, issuer: ISSUER },
    };
    if (mode === "artifact") options.artifact = artifact;
    else options.digest = { algorithm: "sha256", hex: createHash("sha256").update(artifact).digest("hex") };
    if (existsSync(file("key.pub"))) {
      options.keys = fixedKey(await loadPublicKey(file("key.pub")));
      options.identity = undefined;
    }
    const source = file("bundle.sigstore.json");
    verifyBundle(parseJsonInput(readFileSync(source), source), source, options);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe("sigstore-conformance bundle-verify", () => {
  it("has the 70 cases (21 to verify, 49 to reject)", () => {
    assert.equal(cases.length, 70);
    assert.equal(cases.filter((c) => c.endsWith("_fail")).length, 49);
  });

  for (const name of cases) {
    for (const mode of ["artifact", "digest"] as const) {
      it(`${name} (${mode})`, async () => {
        const result = await runCase(name, mode);
        const mustReject = name.endsWith("_fail");
        const known = KNOWN_FAILURES[name];
        if (!result.ok) {
          // Rejections are reported as our own errors with a reason, never as a crash.
          assert.ok(
            result.error instanceof VerificationFailure || result.error instanceof ProvenanceError,
            `unexpected error type: ${(result.error as Error)?.stack}`,
          );
        }
        if (known) {
          assert.equal(result.ok, mustReject, `known failure no longer fails (${known}): update the table`);
          return;
        }
        if (mustReject) assert.equal(result.ok, false, `${name} must be rejected`);
        else assert.ok(result.ok, `${name} must verify: ${result.ok ? "" : (result.error as Error).message}`);
      });
    }
  }
});
