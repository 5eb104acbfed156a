import type { PackageRef } from "../../model/package.js";
import { formatPurl, parsePurl } from "../../purl/index.js";
import { purlFor } from "../purl.js";

/**
 * The purl of an OS package with the qualifiers the model has no field for: `arch`, and `upstream` = the
 * source package (Debian `Source:`, Alpine origin), which is the name OSV advisories of these distributions
 * use. Empty qualifier values are left out.
 */
export function osPackagePurl(ref: PackageRef, qualifiers: Record<string, string | undefined>): string {
  const base = purlFor(ref);
  if (!base) return "";
  const purl = parsePurl(base);
  const extra = Object.fromEntries(Object.entries(qualifiers).filter((e): e is [string, string] => !!e[1]));
  purl.qualifiers = { ...purl.qualifiers, ...extra };
  return formatPurl(purl);
}

/** The `upstream` qualifier of a purl ("" when absent): the source package of an OS package. */
export function upstreamOf(purl: string): string {
  return purl ? (parsePurl(purl).qualifiers?.upstream ?? "") : "";
}
