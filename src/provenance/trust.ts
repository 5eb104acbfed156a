import { existsSync } from "node:fs";
import { loadRegistryKeys, type RegistryKey } from "./npm-registry-keys.js";
import { refreshedTrustFiles } from "./trust-update.js";
import { type LoadedTrustedRoot, loadTrustedRoot, PINNED_NPM_KEYS_PATH } from "./trusted-root.js";

/** Everything verification trusts: the Sigstore trusted root and the npm registry keys, with their files. */
export interface Trust {
  trustedRoot: LoadedTrustedRoot;
  registryKeys: RegistryKey[];
  registryKeysPath: string;
}

/**
 * Resolves trust material: explicit paths first, else what `bulwark trust update` refreshed, else the
 * pinned copies shipped in assets/.
 */
export function resolveTrust(options: { trustedRootPath?: string; registryKeysPath?: string } = {}): Trust {
  const refreshed = refreshedTrustFiles();
  const registryKeysPath =
    options.registryKeysPath ?? (existsSync(refreshed.npmKeys) ? refreshed.npmKeys : PINNED_NPM_KEYS_PATH);
  return {
    trustedRoot: loadTrustedRoot(options.trustedRootPath, refreshed.trustedRoot),
    registryKeys: loadRegistryKeys(registryKeysPath),
    registryKeysPath,
  };
}
