import { groupAliases } from "../advisories/aliases.js";
import { fixedVersions } from "../advisories/matcher.js";
import type { AdvisoryMatch } from "../advisories/ports.js";
import { compareVersions, versionScheme } from "../ecosystems/index.js";
import { advisoryRef } from "../ecosystems/os-purl.js";
import type { Finding } from "../model/finding.js";
import type { OsvAffected, OsvRecord } from "../model/osv.js";
import type { Package } from "../model/package.js";
import { severityOf } from "./severity.js";

/** Sorted, de-duplicated versions in the ecosystem's order. */
export function sortVersions(ecosystem: string, versions: Iterable<string>): string[] {
  return [...new Set(versions)].sort((a, b) => compareVersions(ecosystem, a, b));
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.trim().split("\n")[0]?.trim();
  return line ? line : undefined;
}

/**
 * The findings of one package from the records that matched it, grouped by alias so a flaw published as a
 * CVE, a GHSA and a GO- record appears once. `paths` are the package's dependency paths; `warn` receives
 * approximate comparisons and unscorable vectors. Pure: the caller queried the database.
 */
export function findingsForPackage(
  pkg: Package,
  matches: readonly AdvisoryMatch[],
  paths: string[][],
  warn: (message: string) => void,
): Finding[] {
  if (matches.length === 0) return [];
  // OS packages are looked up under their source package, as distribution advisories name them.
  const known = advisoryRef(pkg);
  const byId = new Map<string, AdvisoryMatch>(matches.map((m) => [m.record.id, m]));
  const findings = groupAliases(matches.map((m) => m.record)).map((group) => {
    const parts = group.records.map((record) => ({
      record,
      affected: byId.get(record.id)?.affected ?? ([] as OsvAffected[]),
    }));
    const primary: OsvRecord =
      group.records.find((r) => r.id === group.primary) ?? (group.records[0] as OsvRecord);
    const ids = new Set<string>(group.ids);
    for (const r of group.records) for (const id of [r.id, ...(r.aliases ?? [])]) ids.add(id);
    ids.delete(group.primary);
    const approximate = group.records.some((r) => byId.get(r.id)?.approximate);
    const references = new Map<string, { type: string; url: string }>();
    for (const r of group.records)
      for (const ref of r.references ?? []) if (!references.has(ref.url)) references.set(ref.url, ref);
    const withText = [primary, ...group.records];
    const finding: Finding = {
      id: group.primary,
      aliases: [...ids].sort(),
      summary:
        withText.map((r) => r.summary?.trim()).find(Boolean) ??
        withText.map((r) => firstLine(r.details)).find(Boolean) ??
        group.primary,
      details: withText.map((r) => r.details?.trim()).find(Boolean),
      severity: severityOf(parts, warn),
      package: { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version, purl: pkg.purl },
      fixed: sortVersions(
        pkg.ecosystem,
        group.records.flatMap((r) => fixedVersions(r, known.ecosystem, known.name)),
      ),
      paths,
      locations: pkg.locations,
      references: [...references.values()],
      records: group.records.map((r) => r.id).sort(),
    };
    if (approximate) finding.approximate = true;
    return finding;
  });
  const approximate = findings.filter((f) => f.approximate).map((f) => f.id);
  if (approximate.length > 0) {
    // Either the installed version or a value in the records cannot be ordered: say which, not always the former.
    warn(
      versionScheme(pkg.ecosystem).isValid(pkg.version)
        ? `${pkg.name}@${pkg.version} (${pkg.ecosystem}): the ranges of ${approximate.join(", ")} hold values that are not valid ${pkg.ecosystem} versions; matched approximately`
        : `${pkg.name}@${pkg.version} (${pkg.ecosystem}) is not a valid ${pkg.ecosystem} version: comparisons for ${approximate.join(", ")} were approximate`,
    );
  }
  return findings;
}
