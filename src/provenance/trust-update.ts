import { randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ProvenanceError, reasonOf } from "./errors.js";
import { parseJsonInput } from "./json-input.js";
import { parseRegistryKeys } from "./npm-registry-keys.js";
import { refreshedTrustFiles } from "./trust.js";
import { parseTrustedRoot } from "./trusted-root.js";

/** Sigstore's public-good TUF repository. */
export const SIGSTORE_TUF_URL = "https://tuf-repo-cdn.sigstore.dev";

/** What a refresh wrote. */
export interface TrustUpdate {
  mirror: string;
  trustedRoot: string;
  npmKeys: string;
}

/** Where and how to refresh trust material. */
export interface TrustUpdateOptions {
  /** The folder to write to: the `refreshedDir` of the TrustStore that should use the result. */
  dir: string;
  /** TUF repository (default: Sigstore's public-good one). */
  mirror?: string;
  timeoutMs?: number;
}

/**
 * Refreshes the trusted root and the npm registry keys through TUF (signed metadata, starting from the root
 * shipped in @sigstore/tuf), checks them as verification would, and writes them to `options.dir` (each file
 * written whole, then renamed into place). Needs the network. A TrustStore reading that folder sees the new
 * files at its next use.
 */
export async function updateTrust(options: TrustUpdateOptions): Promise<TrustUpdate> {
  const mirror = options.mirror ?? SIGSTORE_TUF_URL;
  const files = refreshedTrustFiles(options.dir);
  const { initTUF } = await import("@sigstore/tuf");
  let rootText: string;
  let keysText: string;
  try {
    const tuf = await initTUF({
      mirrorURL: mirror,
      cachePath: join(options.dir, "tuf-cache"),
      timeout: options.timeoutMs ?? 15000,
      retry: false,
      forceInit: true,
    });
    rootText = await tuf.getTarget("trusted_root.json");
    keysText = await tuf.getTarget("registry.npmjs.org/keys.json");
  } catch (error) {
    throw new ProvenanceError(`could not refresh trust material from ${mirror}: ${reasonOf(error)}`, {
      code: "NETWORK_FAILED",
      hint: "check the network; verification keeps using the pinned trusted root meanwhile",
      cause: error,
    });
  }
  const rootSource = `${mirror} trusted_root.json`;
  const keysSource = `${mirror} registry keys`;
  parseTrustedRoot(parseJsonInput(rootText, rootSource, "input"), rootSource);
  parseRegistryKeys(parseJsonInput(keysText, keysSource, "input"), keysSource);
  await mkdir(options.dir, { recursive: true });
  await replaceFile(files.trustedRoot, rootText);
  await replaceFile(files.npmKeys, keysText);
  return { mirror, ...files };
}

/** Writes a file beside its target and renames it over, so a concurrent reader never sees half a file. */
async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}
