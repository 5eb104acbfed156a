import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import envPaths from "env-paths";
import { ProvenanceError, reasonOf } from "./errors.js";
import { parseJsonInput } from "./json-input.js";
import { parseRegistryKeys } from "./npm-registry-keys.js";
import { parseTrustedRoot } from "./trusted-root.js";

/** Sigstore's public-good TUF repository. */
export const SIGSTORE_TUF_URL = "https://tuf-repo-cdn.sigstore.dev";

/**
 * Where `bulwark trust update` keeps refreshed trust material: `BULWARK_TRUST_DIR`, else the user data
 * directory (`~/.local/share/bulwark/sigstore` on Linux).
 */
export function refreshedTrustDir(): string {
  return process.env.BULWARK_TRUST_DIR ?? join(envPaths("bulwark", { suffix: "" }).data, "sigstore");
}

/** Paths of the refreshed trusted root and npm keys (they may not exist). */
export function refreshedTrustFiles(dir = refreshedTrustDir()): { trustedRoot: string; npmKeys: string } {
  return { trustedRoot: join(dir, "trusted_root.json"), npmKeys: join(dir, "npm-registry-keys.json") };
}

/** What a refresh wrote. */
export interface TrustUpdate {
  mirror: string;
  trustedRoot: string;
  npmKeys: string;
}

/**
 * Refreshes the trusted root and the npm registry keys through TUF (signed metadata, starting from the root
 * shipped in @sigstore/tuf), checks them as verification would, and writes them to `dir`. Needs the network.
 */
export async function updateTrust(
  options: { mirror?: string; dir?: string; timeoutMs?: number } = {},
): Promise<TrustUpdate> {
  const mirror = options.mirror ?? SIGSTORE_TUF_URL;
  const dir = options.dir ?? refreshedTrustDir();
  const files = refreshedTrustFiles(dir);
  const { initTUF } = await import("@sigstore/tuf");
  let rootText: string;
  let keysText: string;
  try {
    const tuf = await initTUF({
      mirrorURL: mirror,
      cachePath: join(dir, "tuf-cache"),
      timeout: options.timeoutMs ?? 15000,
      retry: false,
      forceInit: true,
    });
    rootText = await tuf.getTarget("trusted_root.json");
    keysText = await tuf.getTarget("registry.npmjs.org/keys.json");
  } catch (error) {
    throw new ProvenanceError(`could not refresh trust material from ${mirror}: ${reasonOf(error)}`, {
      hint: "check the network; verification keeps using the pinned trusted root meanwhile",
      cause: error,
    });
  }
  parseTrustedRoot(parseJsonInput(rootText, `${mirror} trusted_root.json`), `${mirror} trusted_root.json`);
  parseRegistryKeys(parseJsonInput(keysText, `${mirror} registry keys`), `${mirror} registry keys`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(files.trustedRoot, rootText);
  writeFileSync(files.npmKeys, keysText);
  return { mirror, ...files };
}
