import { compareVersions } from "../ecosystems/index.js";
import type { Finding, FindingPackage, Remediation } from "../model/finding.js";
import type { OsvRecord } from "../model/osv.js";
import { isMajorUpgrade } from "./major.js";

export { isMajorUpgrade } from "./major.js";

/** What remediation needs from the advisory database (the same functions src/advisories exports). */
export interface RemediationSource {
  recordsFor(ecosystem: string, name: string): OsvRecord[];
  fixedVersions(record: OsvRecord, ecosystem: string, name: string): string[];
  isAffected(record: OsvRecord, q: { ecosystem: string; name: string; version: string }): boolean;
}

/**
 * The smallest version of a package above `current` that no record in `records` affects, chosen among the
 * records' fixed versions; undefined when none is known.
 */
export function smallestSafeVersion(
  pkg: FindingPackage,
  records: readonly OsvRecord[],
  source: RemediationSource,
): string | undefined {
  const { ecosystem, name, version } = pkg;
  const candidates = [...new Set(records.flatMap((r) => source.fixedVersions(r, ecosystem, name)))]
    .filter((v) => compareVersions(ecosystem, v, version) > 0)
    .sort((a, b) => compareVersions(ecosystem, a, b));
  return candidates.find((v) => !records.some((r) => source.isAffected(r, { ecosystem, name, version: v })));
}

function adviceFor(r: Omit<Remediation, "advice">): string {
  const name = r.package.name;
  if (!r.fixVersion) return `no fix available for ${name} ${r.package.version}`;
  const major = r.majorUpgrade ? " (new major version)" : "";
  if (r.direct) return `upgrade ${name} to ${r.fixVersion}${major}`;
  if (r.via.length === 0)
    return `upgrade ${name} to ${r.fixVersion}${major} (arrives transitively; the dependency that pulls it in is not recorded)`;
  const via = r.via.map((p) => p.replace(/^pkg:[^/]+\//, "").replace(/@[^@/]*$/, "")).join(", ");
  return `upgrade ${via} so that it resolves ${name} >= ${r.fixVersion}${major}`;
}

/**
 * Per vulnerable package (unsuppressed findings only), the smallest upgrade that fixes all its known
 * vulnerabilities: the smallest fixed version that none of the package's records (except those of
 * suppressed findings) still affects. For a transitive package, the direct dependencies it arrives through
 * (from the findings' paths) are the ones to move. Suggestions only: nothing is modified.
 */
export function planRemediation(
  findings: readonly Finding[],
  source: RemediationSource,
  isDirect: (purl: string) => boolean,
): Remediation[] {
  const byPackage = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byPackage.get(f.package.purl) ?? [];
    list.push(f);
    byPackage.set(f.package.purl, list);
  }
  const plans: Remediation[] = [];
  for (const [purl, list] of byPackage) {
    const open = list.filter((f) => !f.suppressed);
    if (open.length === 0) continue;
    const pkg = (open[0] as Finding).package;
    const waived = new Set(list.filter((f) => f.suppressed).flatMap((f) => f.records));
    const records = source.recordsFor(pkg.ecosystem, pkg.name).filter((r) => !waived.has(r.id));
    const fixVersion = smallestSafeVersion(pkg, records, source);
    const direct = isDirect(purl) || open.some((f) => f.paths.some((p) => p.length === 1));
    const via = direct
      ? []
      : [
          ...new Set(open.flatMap((f) => f.paths.filter((p) => p.length > 1).map((p) => p[0] as string))),
        ].sort();
    const plan = {
      package: pkg,
      vulnerabilities: open.map((f) => f.id),
      fixVersion,
      majorUpgrade: fixVersion ? isMajorUpgrade(pkg.ecosystem, pkg.version, fixVersion) : false,
      direct,
      via,
    };
    plans.push({ ...plan, advice: adviceFor(plan) });
  }
  return plans;
}
