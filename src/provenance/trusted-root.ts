import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { VerificationFailure } from "./errors.js";
import { readJsonFile } from "./json-input.js";
import { at } from "./json-path.js";

const assetsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../assets/sigstore");

/** The pinned copy of Sigstore's production trusted root shipped with Bulwark (see assets/sigstore/README.md). */
export const PINNED_TRUSTED_ROOT_PATH = join(assetsDir, "trusted_root.json");

/** The pinned copy of the npm registry's signing and attestation keys. */
export const PINNED_NPM_KEYS_PATH = join(assetsDir, "npm-registry-keys.json");

/** A trusted root read from a file, already checked and converted for the verifier. */
export interface LoadedTrustedRoot {
  path: string;
  root: TrustedRoot;
}

const cache = new Map<string, LoadedTrustedRoot>();

/**
 * The trusted root to verify against: `path` when given, else the copy refreshed by `bulwark trust update`
 * when present in `refreshedPath`, else the pinned production root. Roots are cached per path, so verifying
 * many bundles reads and checks the root once.
 */
export function loadTrustedRoot(path?: string, refreshedPath?: string): LoadedTrustedRoot {
  const chosen =
    path ?? (refreshedPath && existsSync(refreshedPath) ? refreshedPath : PINNED_TRUSTED_ROOT_PATH);
  const cached = cache.get(chosen);
  if (cached) return cached;
  const json = readJsonFile(chosen, "trusted root");
  const loaded = { path: chosen, root: parseTrustedRoot(json, chosen) };
  cache.set(chosen, loaded);
  return loaded;
}

/**
 * Checks a trusted root document and converts it. Every log key and every authority must state when its
 * validity starts: a missing start would make the key trusted for all past time, so the root is rejected
 * rather than read as unbounded (the library would accept it).
 */
export function parseTrustedRoot(json: unknown, source: string): TrustedRoot {
  if (!isObject(json))
    throw new VerificationFailure("trusted-root", `${source} is not a trusted root (not a JSON object)`);
  const mediaType = json.mediaType;
  if (typeof mediaType !== "string" || !mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
    throw new VerificationFailure(
      "trusted-root",
      `${source} has an unknown media type ${JSON.stringify(mediaType)}`,
      {
        hint: "expected application/vnd.dev.sigstore.trustedroot+json;version=0.1 or later",
      },
    );
  }
  for (const field of ["tlogs", "ctlogs"] as const) {
    const logs = json[field] ?? [];
    if (!Array.isArray(logs))
      throw new VerificationFailure("trusted-root", `${source}: ${field} is not a list`);
    logs.forEach((log, i) => {
      const start = at(log, "publicKey", "validFor", "start");
      requireStart(
        start,
        `${source}: ${field}[${i}] (${isObject(log) ? String(log.baseUrl) : "?"}) public key`,
      );
    });
  }
  for (const field of ["certificateAuthorities", "timestampAuthorities"] as const) {
    const authorities = json[field] ?? [];
    if (!Array.isArray(authorities))
      throw new VerificationFailure("trusted-root", `${source}: ${field} is not a list`);
    authorities.forEach((authority, i) => {
      const start = at(authority, "validFor", "start");
      requireStart(start, `${source}: ${field}[${i}] (${isObject(authority) ? String(authority.uri) : "?"})`);
    });
  }
  try {
    return TrustedRoot.fromJSON(json);
  } catch (error) {
    throw new VerificationFailure(
      "trusted-root",
      `${source} is not a valid trusted root: ${(error as Error).message}`,
    );
  }
}

function requireStart(start: unknown, what: string): void {
  if (typeof start !== "string" || Number.isNaN(Date.parse(start))) {
    throw new VerificationFailure("trusted-root", `${what} has no validity start (validFor.start)`, {
      hint: "a trusted root must bound every key's validity; fix or replace the trusted root",
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
