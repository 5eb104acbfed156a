/** A package digest as SBOM formats want it: algorithm and lower-case hex. */
export interface Digest {
  algorithm: "MD5" | "SHA1" | "SHA256" | "SHA384" | "SHA512";
  hex: string;
}

const ALGORITHMS: Record<string, Digest["algorithm"]> = {
  md5: "MD5",
  sha1: "SHA1",
  sha256: "SHA256",
  sha384: "SHA384",
  sha512: "SHA512",
};

const HEX_LENGTH: Record<Digest["algorithm"], number> = {
  MD5: 32,
  SHA1: 40,
  SHA256: 64,
  SHA384: 96,
  SHA512: 128,
};

/**
 * Reads the hash notations lockfiles use: Subresource Integrity `sha512-<base64>` (npm, yarn, pnpm) and
 * `sha256:<hex>` (Cargo, Poetry, pip hashes). Anything else yields undefined: it is not a digest we can vouch for.
 */
export function parseDigest(text: string): Digest | undefined {
  const m = text.trim().match(/^([a-z0-9]+)([-:=])(.+)$/i);
  if (!m) return undefined;
  const algorithm = ALGORITHMS[m[1].toLowerCase()];
  if (!algorithm) return undefined;
  const sri = m[2] === "-";
  let hex = sri ? "" : m[3].toLowerCase();
  if (sri || !/^[0-9a-f]+$/.test(hex)) hex = Buffer.from(m[3], "base64").toString("hex");
  return hex.length === HEX_LENGTH[algorithm] ? { algorithm, hex } : undefined;
}

/** Every recognisable digest of a package, without repeats. */
export function digests(hashes: string[] | undefined): Digest[] {
  if (!hashes || hashes.length === 0) return [];
  if (hashes.length === 1) {
    // the usual case (a lockfile's one integrity value): no repeats to remove
    const d = parseDigest(hashes[0] as string);
    return d ? [d] : [];
  }
  const seen = new Map<string, Digest>();
  for (const h of hashes) {
    const d = parseDigest(h);
    if (d) seen.set(`${d.algorithm}:${d.hex}`, d);
  }
  return [...seen.values()];
}
