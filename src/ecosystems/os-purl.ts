import type { PackageRef } from "../model/package.js";
import { formatPurl, type Purl, parsePurl } from "../purl/index.js";
import { purlFor } from "./purl.js";

// purl type, namespace and distro qualifier per ecosystem ("Debian:12" -> deb, debian, debian-12), taken
// from the shared mapping once rather than parsing every package's purl again.
const baseByEcosystem = new Map<string, Purl | undefined>();

function baseOf(ecosystem: string): Purl | undefined {
  if (!baseByEcosystem.has(ecosystem)) {
    const sample = purlFor({ ecosystem, name: "x", version: "" });
    baseByEcosystem.set(ecosystem, sample ? parsePurl(sample) : undefined);
  }
  return baseByEcosystem.get(ecosystem);
}

/**
 * The purl of an OS package with the qualifiers the model has no field for: `arch`, and `upstream` = the
 * source package (Debian `Source:`, Alpine origin), which is the name OSV advisories of these distributions
 * use. Empty qualifier values are left out.
 */
export function osPackagePurl(ref: PackageRef, qualifiers: Record<string, string | undefined>): string {
  const base = baseOf(ref.ecosystem);
  if (!base) return "";
  const extra = Object.fromEntries(Object.entries(qualifiers).filter((e): e is [string, string] => !!e[1]));
  try {
    return formatPurl({
      ...base,
      name: ref.name,
      version: ref.version || undefined,
      qualifiers: { ...base.qualifiers, ...extra },
    });
  } catch {
    return "";
  }
}

/** The `upstream` qualifier of a purl ("" when absent): the source package of an OS package. */
export function upstreamOf(purl: string): string {
  return purl ? (parsePurl(purl).qualifiers?.upstream ?? "") : "";
}

/**
 * The name and version under which advisories know a package. Distribution advisories (Debian DSA/DLA,
 * Ubuntu, Alpine) name the source package and its version, while dpkg and apk databases (and syft's SBOMs)
 * list binary packages with the source in the purl's `upstream` qualifier (`name` or `name@version`).
 * Every other package is known under its own name and version.
 */
export function advisoryRef<T extends PackageRef & { purl: string }>(pkg: T): PackageRef {
  const upstream =
    pkg.purl.startsWith("pkg:deb/") || pkg.purl.startsWith("pkg:apk/") ? safeUpstream(pkg.purl) : "";
  if (!upstream) return { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version };
  const at = upstream.indexOf("@");
  return at < 0
    ? { ecosystem: pkg.ecosystem, name: upstream, version: pkg.version }
    : { ecosystem: pkg.ecosystem, name: upstream.slice(0, at), version: upstream.slice(at + 1) };
}

function safeUpstream(purl: string): string {
  try {
    return upstreamOf(purl);
  } catch {
    return "";
  }
}
