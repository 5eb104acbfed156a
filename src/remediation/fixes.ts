import { compareVersions } from "../ecosystems/index.js";
import { advisoryRef } from "../ecosystems/os-purl.js";
import type { Finding } from "../model/finding.js";

/** The fixed versions of one vulnerability as they concern one installed version. */
export interface FixesForVersion {
  /**
   * Fixed versions above the installed one, in the ecosystem's order. The first is the nearest fix: the one
   * on the installed version's branch when that branch has one, else the next branch's.
   */
  applicable: string[];
  /**
   * Fixed versions at or below the installed one: fixes of older branches (a record fixed in 1.42.0 and
   * again, after a regression, in 1.44.0). They do not fix the installed version.
   */
  belowInstalled: string[];
}

/**
 * Splits a vulnerability's fixed versions into those that can fix `installed` and those that cannot, each in
 * the ecosystem's order, so that no renderer offers a version at or below the installed one as the fix.
 */
export function fixesForVersion(
  ecosystem: string,
  installed: string,
  fixed: readonly string[],
): FixesForVersion {
  const sorted = [...new Set(fixed)].sort((a, b) => compareVersions(ecosystem, a, b));
  return {
    applicable: sorted.filter((v) => compareVersions(ecosystem, v, installed) > 0),
    belowInstalled: sorted.filter((v) => compareVersions(ecosystem, v, installed) <= 0),
  };
}

/**
 * `fixesForVersion` for a finding: its fixed versions against its package's version (for OS packages, the
 * source package's version, which is what distribution advisories' fixed versions name).
 */
export function findingFixes(finding: Pick<Finding, "package" | "fixed">): FixesForVersion {
  const ref = advisoryRef(finding.package);
  return fixesForVersion(ref.ecosystem, ref.version, finding.fixed);
}

/**
 * "Fixed in" for people: the applicable fixes, nearest first; "none above 2.6.9" when every known fix is at
 * or below the installed version; "" when no fix is known at all.
 */
export function fixedInText(finding: Pick<Finding, "package" | "fixed">): string {
  const { applicable, belowInstalled } = findingFixes(finding);
  if (applicable.length > 0) return applicable.join(", ");
  return belowInstalled.length > 0 ? `none above ${advisoryRef(finding.package).version}` : "";
}
