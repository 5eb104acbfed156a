import { canonicalEcosystem, splitEcosystem } from "../ecosystems/index.js";

/** The ecosystem key of the advisory index: the canonical base name ("pypi" -> "PyPI", "Debian:12" -> "Debian"). */
export function ecosystemBase(ecosystem: string): string {
  return canonicalEcosystem(splitEcosystem(ecosystem.trim()).base);
}

/**
 * The release an ecosystem suffix names, in a form where variants of one release compare equal:
 * Ubuntu's "Pro" and "LTS" markers are dropped ("Ubuntu:Pro:18.04:LTS" is release "18.04", as osv.dev
 * treats it), Alpine's "v" is optional ("v3.18" = "3.18"), and case is ignored. Undefined = no suffix.
 */
export function releaseOf(ecosystem: string): string | undefined {
  const { base, suffix } = splitEcosystem(ecosystem.trim());
  if (suffix === undefined || suffix === "") return undefined;
  const b = base.toLowerCase();
  let release = suffix;
  if (b === "ubuntu")
    release = suffix
      .split(":")
      .filter((part) => !/^(pro|lts)$/i.test(part))
      .join(":");
  else if (b === "alpine") release = suffix.replace(/^v(?=\d)/i, "");
  return release.toLowerCase();
}

/**
 * Whether an advisory's `affected[].package.ecosystem` applies to a queried ecosystem. Same base required;
 * a query without a release matches every release; a query with a release matches that release only. An
 * advisory entry that names no release applies to every release of its ecosystem.
 */
export function ecosystemMatches(recordEcosystem: string, queryEcosystem: string): boolean {
  if (ecosystemBase(recordEcosystem).toLowerCase() !== ecosystemBase(queryEcosystem).toLowerCase())
    return false;
  const wanted = releaseOf(queryEcosystem);
  if (wanted === undefined) return true;
  const offered = releaseOf(recordEcosystem);
  return offered === undefined || offered === wanted;
}
