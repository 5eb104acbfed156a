import { compareVersions } from "../ecosystems/index.js";
import { advisoryRef } from "../ecosystems/os-purl.js";
import type { Finding, FindingPackage, Remediation } from "../model/finding.js";
import type { OsvRecord } from "../model/osv.js";
import type { Package } from "../model/package.js";
import { InventoryIndex, type InventoryUpgrade, upgradeFromInventory } from "./inventory-upgrade.js";
import { isMajorUpgrade } from "./major.js";
import { packageName } from "./names.js";

export { type FixesForVersion, findingFixes, fixedInText, fixesForVersion } from "./fixes.js";
export { isMajorUpgrade } from "./major.js";
export { packageLabel, packageName } from "./names.js";

/** What remediation needs from the advisory database (the same functions src/advisories exports). */
export interface RemediationSource {
  recordsFor(ecosystem: string, name: string): OsvRecord[];
  fixedVersions(record: OsvRecord, ecosystem: string, name: string): string[];
  isAffected(record: OsvRecord, q: { ecosystem: string; name: string; version: string }): boolean;
}

/**
 * The smallest version of a package above its current one that none of `records` affects, chosen among the
 * records' fixed versions; undefined when no such version is known.
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
  // The record that ruled out one candidate usually rules out the next ones too: try it first.
  let blocker: OsvRecord | undefined;
  return candidates.find((v) => {
    const q = { ecosystem, name, version: v };
    if (blocker && source.isAffected(blocker, q)) return false;
    blocker = records.find((r) => r !== blocker && source.isAffected(r, q));
    return blocker === undefined;
  });
}

/** What the advice needs beyond the plan: newer copies of direct dependencies the inventory shows. */
type PlanForAdvice = Omit<Remediation, "advice"> & { upgrades: Map<string, InventoryUpgrade> };

function adviceFor(r: PlanForAdvice): string {
  const name = r.package.name;
  if (!r.fixVersion) return `no fix available for ${name} ${r.package.version}`;
  const notes = [
    r.majorUpgrade ? "new major version" : "",
    r.unfixed.length > 0
      ? `still affected by ${r.unfixed.join(", ")}, which ha${r.unfixed.length === 1 ? "s" : "ve"} no fix`
      : "",
  ].filter(Boolean);
  const suffix = notes.length > 0 ? ` (${notes.join("; ")})` : "";
  if (r.direct) return `upgrade ${name} to ${r.fixVersion}${suffix}`;
  if (r.via.length === 0) {
    return `upgrade ${name} to ${r.fixVersion}${suffix}; it arrives transitively through a dependency the lockfile does not record`;
  }
  const moves = r.via.map((purl) => {
    const upgrade = r.upgrades.get(purl);
    return upgrade ? `${packageName(purl)} to ${upgrade.version}` : packageName(purl);
  });
  const evidence = r.via.flatMap((purl) => {
    const upgrade = r.upgrades.get(purl);
    if (!upgrade) return [];
    const copy = `${packageName(purl)}@${upgrade.version}`;
    return upgrade.resolves === undefined
      ? [`the lockfile's ${copy} no longer depends on ${name}`]
      : [`the lockfile's ${copy} resolves ${name} ${upgrade.resolves}`];
  });
  const because = evidence.length > 0 ? `; ${evidence.join("; ")}` : "";
  return `upgrade ${moves.join(", ")} so that it resolves ${name} >= ${r.fixVersion}${suffix}${because}`;
}

/**
 * The direct dependencies to move for a transitive package: on each path, the direct dependency nearest to
 * the package (a path `a > b > x` where `b` is itself direct is fixed by moving `b`, not `a`).
 */
function directDependenciesToMove(open: readonly Finding[], isDirect: (purl: string) => boolean): string[] {
  const moves = new Set<string>();
  for (const f of open) {
    for (const path of f.paths) {
      if (path.length < 2) continue;
      let nearest = path[0] as string;
      for (const purl of path.slice(1, -1)) if (isDirect(purl)) nearest = purl;
      moves.add(nearest);
    }
  }
  return [...moves].sort();
}

/**
 * Per vulnerable package (unsuppressed findings only), the smallest upgrade that fixes all its fixable known
 * vulnerabilities: the smallest fixed version that none of the package's records still affects, leaving
 * aside records of suppressed findings and records with no fix at all (reported as `unfixed`). For a
 * transitive package, the direct dependencies nearest to it on its paths are the ones to move; given the
 * inventory's packages (with their dependency edges), the advice also names the version of such a direct
 * dependency when the inventory holds a newer copy of it that resolves the package at a fixed version.
 * Suggestions only: nothing is modified.
 */
export function planRemediation(
  findings: readonly Finding[],
  source: RemediationSource,
  isDirect: (purl: string) => boolean,
  packages: readonly Package[] = [],
): Remediation[] {
  const index = new InventoryIndex(packages);
  const byPackage = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byPackage.get(f.package.purl) ?? [];
    list.push(f);
    byPackage.set(f.package.purl, list);
  }
  const plans: Remediation[] = [];
  for (const [purl, list] of byPackage) {
    const open = list.filter((f) => !f.suppressed);
    const first = open[0];
    if (!first) continue;
    const pkg = first.package;
    const waived = new Set(list.filter((f) => f.suppressed).flatMap((f) => f.records));
    const unfixed = open.filter((f) => f.fixed.length === 0);
    const unfixable = new Set(unfixed.flatMap((f) => f.records));
    // OS packages are fixed by a version of their source package (see advisoryRef).
    const known = { ...advisoryRef(pkg), purl: pkg.purl };
    const records = source
      .recordsFor(known.ecosystem, known.name)
      .filter((r) => !waived.has(r.id) && !unfixable.has(r.id));
    const fixVersion =
      unfixed.length === open.length ? undefined : smallestSafeVersion(known, records, source);
    const direct = isDirect(purl) || open.some((f) => f.paths.some((p) => p.length === 1));
    const via = direct ? [] : directDependenciesToMove(open, isDirect);
    const upgrades = new Map<string, InventoryUpgrade>();
    // OS packages are named by their source package in advisories: the inventory's edges name binaries.
    if (fixVersion && known.name === pkg.name) {
      const isFixed = (version: string) =>
        !records.some((r) => source.isAffected(r, { ecosystem: known.ecosystem, name: known.name, version }));
      for (const purl of via) {
        const copy = index.get(purl);
        const upgrade = copy && upgradeFromInventory(copy, pkg, isFixed, index);
        if (upgrade) upgrades.set(purl, upgrade);
      }
    }
    const plan = {
      package: pkg,
      vulnerabilities: open.map((f) => f.id),
      fixVersion,
      unfixed: unfixed.map((f) => f.id),
      majorUpgrade: fixVersion ? isMajorUpgrade(pkg.ecosystem, pkg.version, fixVersion) : false,
      direct,
      via,
    };
    plans.push({ ...plan, advice: adviceFor({ ...plan, upgrades }) });
  }
  return plans;
}
