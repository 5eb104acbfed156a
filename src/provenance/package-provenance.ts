import { join } from "node:path";
import type { Package } from "../model/package.js";
import type { PackageProvenance, ProvenanceStatus, ProvenanceSummary } from "../model/provenance.js";
import { ProvenanceError, reasonOf, VerificationFailure } from "./errors.js";
import { fileExists, MAX_JSON_BYTES, parseJsonInput, readInputFile } from "./json-input.js";
import { verifyNpmAttestations } from "./npm-attestations.js";
import { type Trust, TrustStore } from "./trust.js";

export type { PackageProvenance, ProvenanceStatus, ProvenanceSummary } from "../model/provenance.js";

/** The npm registry whose attestations endpoint is used when online. */
export const NPM_REGISTRY_URL = "https://registry.npmjs.org";

/**
 * HTTP access as `verifyPackagesProvenance` uses it: a GET of a URL that can be aborted. The global `fetch`
 * fits; a server passes its outbound-request policy instead.
 */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal },
) => Promise<{ status: number; ok: boolean; arrayBuffer(): Promise<ArrayBuffer> }>;

/** Options of `verifyPackagesProvenance`. */
export interface PackagesProvenanceOptions {
  /** Directory of attestation files (see `attestationFileCandidates`). */
  attestationsDir?: string;
  /** When false, packages without a local file are looked up at the registry's attestations endpoint. */
  offline: boolean;
  /**
   * HTTP access for those look-ups: the caller's outbound-request policy. Defaults to the global `fetch`;
   * never used when `offline`.
   */
  fetch?: FetchLike;
  /** Registry base URL (tests point it at a local server). */
  registryUrl?: string;
  /** Trust material to verify with; default: a store of the pinned copies only (no refreshed folder). */
  trust?: TrustStore;
  trustedRootPath?: string;
  registryKeysPath?: string;
}

/**
 * Where a package's attestations may be in `dir`, in order: `<name>@<version>.json` with the scoped name
 * as a subfolder (`@scope/name@1.0.0.json`), then with the slash percent-encoded (`@scope%2fname@1.0.0.json`,
 * either case). The content is what the registry's `/-/npm/v1/attestations/<name>@<version>` endpoint
 * returns: `{"attestations":[{predicateType, bundle}, ...]}`.
 */
export function attestationFileCandidates(dir: string, name: string, version: string): string[] {
  const file = `${name}@${version}.json`;
  if (!name.startsWith("@")) return [join(dir, file)];
  return [join(dir, file), join(dir, file.replace("/", "%2f")), join(dir, file.replace("/", "%2F"))];
}

/**
 * Verifies the provenance of every npm package of an inventory: for each, finds its attestations (local
 * directory, else the registry when online), and verifies them against the package's sha512 integrity
 * (from the lockfile). Never throws for one package: its failure is recorded with the reason.
 */
export async function verifyPackagesProvenance(
  packages: Package[],
  options: PackagesProvenanceOptions,
): Promise<ProvenanceSummary> {
  const trust = await (options.trust ?? new TrustStore()).resolve(options);
  const npm = packages.filter((p) => p.ecosystem === "npm" && p.resolved);
  const seen = new Set<string>();
  const results: PackageProvenance[] = [];
  for (const pkg of npm) {
    const key = `${pkg.name}@${pkg.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    results.push(await verifyOne(pkg, options, trust));
  }
  const count = (status: ProvenanceStatus) => results.filter((r) => r.status === status).length;
  const verified = count("verified");
  return {
    packages: results,
    total: results.length,
    verified,
    failed: count("failed"),
    none: count("none"),
    verifiedShare: results.length === 0 ? 0 : verified / results.length,
  };
}

async function verifyOne(
  pkg: Package,
  options: PackagesProvenanceOptions,
  trust: Trust,
): Promise<PackageProvenance> {
  const base = { purl: pkg.purl, name: pkg.name, version: pkg.version };
  let found: { json: unknown; from: string } | undefined;
  try {
    found = await findAttestations(pkg, options);
  } catch (error) {
    return { ...base, status: "failed", reason: reasonOf(error) };
  }
  if (!found) return { ...base, status: "none" };
  const sha512Hex = sha512Of(pkg);
  if (!sha512Hex) {
    return {
      ...base,
      status: "failed",
      attestations: found.from,
      reason: "no sha512 integrity is recorded for this package, so its attestations cannot be matched to it",
    };
  }
  try {
    const result = verifyNpmAttestations(
      found.json,
      found.from,
      { name: pkg.name, version: pkg.version, sha512Hex },
      {},
      { trustedRoot: trust.trustedRoot, registryKeys: trust.registryKeys },
    );
    return {
      ...base,
      status: "verified",
      attestations: found.from,
      sourceRepository: result.provenance.sourceRepository,
      builderId: result.provenance.builderId,
    };
  } catch (error) {
    if (!(error instanceof VerificationFailure)) throw error;
    return { ...base, status: "failed", attestations: found.from, reason: error.message };
  }
}

async function findAttestations(
  pkg: Package,
  options: PackagesProvenanceOptions,
): Promise<{ json: unknown; from: string } | undefined> {
  if (options.attestationsDir) {
    for (const file of attestationFileCandidates(options.attestationsDir, pkg.name, pkg.version)) {
      if (!(await fileExists(file))) continue;
      const bytes = await readInputFile(file, "attestations", { role: "evidence", maxBytes: MAX_JSON_BYTES });
      return { json: parseJsonInput(bytes, file), from: file };
    }
  }
  if (options.offline) return undefined;
  const url = `${options.registryUrl ?? NPM_REGISTRY_URL}/-/npm/v1/attestations/${pkg.name.replace("/", "%2f")}@${encodeURIComponent(pkg.version)}`;
  const get = options.fetch ?? fetch;
  const response = await get(url, { signal: AbortSignal.timeout(15000) });
  if (response.status === 404) return undefined;
  if (!response.ok) {
    throw new ProvenanceError(`${url} answered HTTP ${response.status}`, {
      code: "NETWORK_FAILED",
      details: { url, status: response.status },
    });
  }
  return { json: parseJsonInput(Buffer.from(await response.arrayBuffer()), url), from: url };
}

/** The package's sha512 from its recorded integrity (`sha512-BASE64` or `sha512:HEX`), as hex. */
function sha512Of(pkg: Package): string | undefined {
  for (const hash of pkg.hashes ?? []) {
    const sri = /^sha512-([A-Za-z0-9+/=]+)$/.exec(hash);
    if (sri?.[1]) return Buffer.from(sri[1], "base64").toString("hex");
    const hex = /^sha512:([0-9a-fA-F]{128})$/.exec(hash);
    if (hex?.[1]) return hex[1].toLowerCase();
  }
  return undefined;
}
