import { splitEcosystem } from "../ecosystems/index.js";

/** Ecosystems whose first version number means "breaking change" (semantic versioning or its convention). */
const SEMVER_LIKE = new Set([
  "npm",
  "Go",
  "crates.io",
  "Pub",
  "Hex",
  "NuGet",
  "Packagist",
  "RubyGems",
  "SwiftURL",
  "CocoaPods",
]);

function major(version: string): number | undefined {
  const m = /^v?(\d+)/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * Whether moving from `from` to `to` crosses a major version in a semver-like ecosystem. Always false in
 * other ecosystems (PyPI, Maven, distributions), whose first number promises nothing.
 */
export function isMajorUpgrade(ecosystem: string, from: string, to: string): boolean {
  if (!SEMVER_LIKE.has(splitEcosystem(ecosystem).base)) return false;
  const a = major(from);
  const b = major(to);
  return a !== undefined && b !== undefined && b > a;
}
