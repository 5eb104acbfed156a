import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { type TrustMaterial, toTrustMaterial } from "@sigstore/verify";
import { ProvenanceError, reasonOf } from "./errors.js";
import { readJsonFile } from "./json-input.js";
import { at } from "./json-path.js";
import { memoizeTrustedCertificates } from "./trusted-certificates.js";

const assetsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../assets/sigstore");

/** The pinned copy of Sigstore's production trusted root shipped with Bulwark (see assets/sigstore/README.md). */
export const PINNED_TRUSTED_ROOT_PATH = join(assetsDir, "trusted_root.json");

/** The pinned copy of the npm registry's signing and attestation keys. */
export const PINNED_NPM_KEYS_PATH = join(assetsDir, "npm-registry-keys.json");

/** A trusted root, checked, with the verifier's form of it built once. */
export interface LoadedTrustedRoot {
  /** Where it came from: a file path, or a description. */
  source: string;
  root: TrustedRoot;
  /**
   * The verifier's form (parsed CA, TSA and log keys, CA certificates memoized, see trusted-certificates.ts).
   * Its `publicKey` finder refuses every hint: verification supplies the caller's keys per bundle.
   */
  material: TrustMaterial;
}

/** Reads, checks and converts a trusted root file (see `parseTrustedRoot`). */
export async function readTrustedRoot(path: string): Promise<LoadedTrustedRoot> {
  return parseTrustedRoot(await readJsonFile(path, "trusted root", "input"), path);
}

/**
 * Checks a trusted root document and converts it. Every log key and every authority must state when its
 * validity starts: a missing start would make the key trusted for all past time, so the root is refused
 * rather than read as unbounded (the library would accept it). A trusted root is what verification is done
 * with, not evidence: problems are ProvenanceErrors (nothing could be examined), not rejections.
 */
export function parseTrustedRoot(json: unknown, source: string): LoadedTrustedRoot {
  if (!isObject(json)) throw invalid(`${source} is not a trusted root (not a JSON object)`);
  const mediaType = json.mediaType;
  if (typeof mediaType !== "string" || !mediaType.startsWith("application/vnd.dev.sigstore.trustedroot")) {
    throw invalid(
      `${source} has an unknown media type ${JSON.stringify(mediaType)}`,
      "expected application/vnd.dev.sigstore.trustedroot+json;version=0.1 or later",
    );
  }
  for (const field of ["tlogs", "ctlogs"] as const) {
    const logs = json[field] ?? [];
    if (!Array.isArray(logs)) throw invalid(`${source}: ${field} is not a list`);
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
    if (!Array.isArray(authorities)) throw invalid(`${source}: ${field} is not a list`);
    authorities.forEach((authority, i) => {
      const start = at(authority, "validFor", "start");
      requireStart(start, `${source}: ${field}[${i}] (${isObject(authority) ? String(authority.uri) : "?"})`);
    });
  }
  let root: TrustedRoot;
  let material: TrustMaterial;
  try {
    root = TrustedRoot.fromJSON(json);
    material = toTrustMaterial(root);
  } catch (error) {
    throw invalid(`${source} is not a valid trusted root: ${reasonOf(error)}`);
  }
  memoizeTrustedCertificates(material);
  return { source, root, material };
}

function invalid(message: string, hint?: string): ProvenanceError {
  return new ProvenanceError(message, { hint });
}

function requireStart(start: unknown, what: string): void {
  if (typeof start !== "string" || Number.isNaN(Date.parse(start))) {
    throw invalid(
      `${what} has no validity start (validFor.start)`,
      "a trusted root must bound every key's validity; fix or replace the trusted root",
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
