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
