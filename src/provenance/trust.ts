import { stat } from "node:fs/promises";
import { join } from "node:path";
import { fileExists } from "./json-input.js";
import { type RegistryKey, readRegistryKeys } from "./npm-registry-keys.js";
import {
  type LoadedTrustedRoot,
  PINNED_NPM_KEYS_PATH,
  PINNED_TRUSTED_ROOT_PATH,
  readTrustedRoot,
} from "./trusted-root.js";

/** Everything verification trusts: the Sigstore trusted root and the npm registry keys, with their files. */
export interface Trust {
  trustedRoot: LoadedTrustedRoot;
  registryKeys: RegistryKey[];
  registryKeysPath: string;
}

/** Explicit trust files (e.g. from the command line); each overrides the refreshed and pinned copies. */
export interface TrustPaths {
  trustedRootPath?: string;
  registryKeysPath?: string;
}

/** Where a TrustStore looks, and how much it keeps. */
export interface TrustStoreOptions {
  /**
   * The folder `updateTrust` writes refreshed material to (the CLI: `BULWARK_TRUST_DIR` or the user data
   * folder). Without it, only explicit paths and the pinned copies are used.
   */
  refreshedDir?: string;
  /** How many parsed files to keep (default 8), so a server verifying against many roots stays bounded. */
  capacity?: number;
}

/** Paths of the refreshed trusted root and npm keys in `dir` (they may not exist). */
export function refreshedTrustFiles(dir: string): { trustedRoot: string; npmKeys: string } {
  return { trustedRoot: join(dir, "trusted_root.json"), npmKeys: join(dir, "npm-registry-keys.json") };
}

/**
 * The trust material verification uses, read from files and kept parsed. The caller creates one (the CLI
 * one per run, a server one per process) and passes it down; nothing is cached at module level. Each file
 * is chosen as: the explicit path, else the refreshed copy when present, else the pinned copy shipped in
 * assets/. A kept file is read again when its size or modification time changed (`trust update` replaced
 * it); `refresh()` forgets everything at once.
 */
export class TrustStore {
  private readonly entries = new Map<string, { stamp: string; value: Promise<unknown> }>();
  private readonly capacity: number;

  constructor(private readonly options: TrustStoreOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? 8);
  }

  /** The trusted root and registry keys to verify with. */
  async resolve(paths: TrustPaths = {}): Promise<Trust> {
    const [trustedRoot, keys] = await Promise.all([
      this.trustedRoot(paths.trustedRootPath),
      this.registryKeys(paths.registryKeysPath),
    ]);
    return { trustedRoot, registryKeys: keys.keys, registryKeysPath: keys.path };
  }

  /** The Sigstore trusted root: `path`, else the refreshed copy, else the pinned production root. */
  async trustedRoot(path?: string): Promise<LoadedTrustedRoot> {
    const chosen = path ?? (await this.choose("trustedRoot", PINNED_TRUSTED_ROOT_PATH));
    return this.cached("trusted-root", chosen, readTrustedRoot);
  }

  /** The npm registry keys: `path`, else the refreshed copy, else the pinned copy. */
  async registryKeys(path?: string): Promise<{ path: string; keys: RegistryKey[] }> {
    const chosen = path ?? (await this.choose("npmKeys", PINNED_NPM_KEYS_PATH));
    return { path: chosen, keys: await this.cached("registry-keys", chosen, readRegistryKeys) };
  }

  /** Forgets every file read, so the next use reads them again. */
  refresh(): void {
    this.entries.clear();
  }

  private async choose(file: "trustedRoot" | "npmKeys", pinned: string): Promise<string> {
    if (!this.options.refreshedDir) return pinned;
    const refreshed = refreshedTrustFiles(this.options.refreshedDir)[file];
    return (await fileExists(refreshed)) ? refreshed : pinned;
  }

  /** Reads through the cache: kept per kind and path, stamped with size and mtime, least recently used dropped. */
  private async cached<T>(kind: string, path: string, read: (path: string) => Promise<T>): Promise<T> {
    const key = `${kind}:${path}`;
    const stamp = await stat(path).then(
      (s) => `${s.size}:${s.mtimeMs}:${s.ino}`,
      () => undefined,
    );
    // An unreadable file is not kept: reading it reports the error, and a later fix is seen at once.
    if (stamp === undefined) return read(path);
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.stamp === stamp) {
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = read(path);
    this.entries.set(key, { stamp, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value;
  }
}
