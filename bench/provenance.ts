/**
 * Provenance benchmarks (figures only, never assertions):
 *  - verify one npm package's two attestations (SLSA provenance + npm publish), warm, in process;
 *  - the same as a fresh `bulwark verify npm` process;
 *  - 1,000 Sigstore bundles verified in process (a mix of conformance and npm bundles);
 *  - keyed signing round trip.
 * Run: npx tsc -p tsconfig.build.json && node --expose-gc --import tsx bench/provenance.ts
 */
import { spawnSync } from "node:child_process";
import { createHash, createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fixedKey, verifyBundle } from "../src/provenance/bundle-verify.js";
import { generateKeyPair, parsePublicKey } from "../src/provenance/keys.js";
import { verifyNpmAttestations } from "../src/provenance/npm-attestations.js";
import { readRegistryKeys } from "../src/provenance/npm-registry-keys.js";
import { readNpmTarball } from "../src/provenance/npm-tarball.js";
import { signArtifact } from "../src/provenance/signing.js";
import {
  PINNED_NPM_KEYS_PATH,
  PINNED_TRUSTED_ROOT_PATH,
  readTrustedRoot,
} from "../src/provenance/trusted-root.js";
import { CLI_BIN, corpusPath } from "../src/testing/corpus.js";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const time = (run: () => void): number => {
  const start = performance.now();
  run();
  return performance.now() - start;
};
const timeAsync = async (run: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

const trust = {
  trustedRoot: await readTrustedRoot(PINNED_TRUSTED_ROOT_PATH),
  registryKeys: await readRegistryKeys(PINNED_NPM_KEYS_PATH),
};
const gha = corpusPath("signing", "slsa-verifier-npm", "gha");
const tgz = join(gha, "gundam-visor-cli-v1-tag.tgz");
const tarball = readFileSync(tgz);
const attestationsText = readFileSync(`${tgz}.json`, "utf8");

// 1. One npm package, warm (parse the attestations file, hash the tarball, verify both attestations).
const verifyNpmOnce = async () =>
  verifyNpmAttestations(
    JSON.parse(attestationsText),
    "bench",
    await readNpmTarball(tarball, "bench"),
    {},
    trust,
  );
const firstCall = await timeAsync(verifyNpmOnce);
const warmCpu = process.cpuUsage();
const warm: number[] = [];
for (let i = 0; i < 30; i++) warm.push(await timeAsync(verifyNpmOnce));
const warmUsage = process.cpuUsage(warmCpu);
const warmCpuMs = (warmUsage.user + warmUsage.system) / 1000 / 30;
console.log(
  `npm package (2 attestations), first call in process: ${firstCall.toFixed(1)} ms; warm median of 30: ${median(warm).toFixed(1)} ms (CPU ${warmCpuMs.toFixed(1)} ms each)`,
);

// 2. The same as a fresh process.
const fresh: number[] = [];
for (let i = 0; i < 7; i++) {
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI_BIN, "verify", "npm", tgz, "--attestations", `${tgz}.json`], {
    encoding: "utf8",
  });
  fresh.push(performance.now() - start);
  if (run.status !== 0) console.log(`  (run failed: ${run.stderr.trim()})`);
}
const startup: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  spawnSync(process.execPath, [CLI_BIN, "--version"]);
  startup.push(performance.now() - start);
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cores`,
);
console.log(
  `bulwark verify npm as a fresh process: median of 7 ${median(fresh).toFixed(0)} ms (bulwark --version alone: ${median(startup).toFixed(0)} ms)`,
);

// 3. 1,000 bundles in process: the conformance happy paths (message signatures, DSSE, Rekor v1/v2) and npm bundles.
const conformance = corpusPath("signing", "sigstore-conformance", "bundle-verify");
const artifact = readFileSync(join(conformance, "a.txt"));
const identity = {
  subject:
    "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
  issuer: "https://token.actions.githubusercontent.com",
};
const cases: { text: string; root: typeof trust.trustedRoot }[] = [];
for (const name of [
  "happy-path-v0.1",
  "happy-path-v0.2",
  "happy-path-v0.3",
  "happy-path-intoto-in-dsse-v3",
  "rekor2-happy-path",
]) {
  const custom = join(conformance, name, "trusted_root.json");
  let root = trust.trustedRoot;
  try {
    root = await readTrustedRoot(custom);
  } catch {
    // no custom root: production
  }
  cases.push({ text: readFileSync(join(conformance, name, "bundle.sigstore.json"), "utf8"), root });
}
const npmProvenance = JSON.parse(attestationsText).attestations.find((a: { predicateType: string }) =>
  a.predicateType.startsWith("https://slsa.dev/"),
).bundle;
const npmText = JSON.stringify(npmProvenance);
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const cpuBefore = process.cpuUsage();
const bulk = time(() => {
  for (let i = 0; i < 1000; i++) {
    if (i % 6 === 5)
      verifyBundle(JSON.parse(npmText), "npm", { trustedRoot: trust.trustedRoot, envelopeOnly: true });
    else {
      const c = cases[i % 6] as (typeof cases)[number];
      verifyBundle(JSON.parse(c.text), "bundle", { trustedRoot: c.root, artifact, identity });
    }
    if (i % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
});
const cpu = process.cpuUsage(cpuBefore);
console.log(
  `1,000 bundles verified in process: ${(bulk / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (${(bulk / 1000).toFixed(1)} ms each); RSS ${mb(rssBefore)} -> peak ${mb(peakRss)}`,
);

// 4. Keyed sign + verify round trip.
const pair = generateKeyPair("ecdsa-p256");
const privateKey = createPrivateKey(pair.privateKeyPem);
const publicKey = parsePublicKey(Buffer.from(pair.publicKeyPem), "bench.pub");
const data = Buffer.alloc(1024 * 1024, 7);
const roundTrip = Array.from({ length: 20 }, () =>
  time(() =>
    verifyBundle(signArtifact(data, privateKey), "rt", {
      trustedRoot: trust.trustedRoot,
      artifact: data,
      keys: fixedKey(publicKey),
    }),
  ),
);
const digest = createHash("sha256").update(data).digest("hex");
const digestMode = Array.from({ length: 20 }, () =>
  time(() =>
    verifyBundle(signArtifact(data, privateKey), "rt", {
      trustedRoot: trust.trustedRoot,
      digest: { algorithm: "sha256", hex: digest },
      keys: fixedKey(publicKey),
    }),
  ),
);
console.log(
  `sign + verify 1 MiB (ECDSA P-256): median ${median(roundTrip).toFixed(1)} ms; with --digest (pre-hashed ECDSA check): ${median(digestMode).toFixed(1)} ms`,
);
