import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { linesEndingInLf } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import { osPackagePurl } from "../os-purl.js";
import { parseOsRelease, rootOf } from "../os-release.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { APK_DB_PATH, APK_INSTALLED_FORMAT } from "./extractors.js";

interface ApkRecord {
  fields: Map<string, string[]>;
  line: number;
}

/** apk-based distributions other than Alpine, by os-release ID, and their OSV ecosystem (no release suffix). */
const APK_DISTROS: Record<string, string> = {
  wolfi: "Wolfi",
  chainguard: "Chainguard",
  alpaquita: "Alpaquita",
  minimos: "MinimOS",
};

/**
 * The OSV ecosystem of an apk root file system: Wolfi, Chainguard, Alpaquita or MinimOS by os-release ID;
 * for Alpine "Alpine:v3.18" from etc/alpine-release ("3.18.4"), else from os-release's VERSION_ID when ID is
 * alpine; plain "Alpine" when neither names a release.
 */
export function alpineEcosystem(alpineRelease: string | undefined, osRelease: string | undefined): string {
  const vars = osRelease === undefined ? {} : parseOsRelease(osRelease);
  const other = APK_DISTROS[vars.ID?.toLowerCase() ?? ""];
  if (other) return other;
  const version = alpineRelease?.trim() || (vars.ID === "alpine" ? vars.VERSION_ID : undefined);
  const m = version?.match(/^(\d+)\.(\d+)/);
  return m ? `Alpine:v${m[1]}.${m[2]}` : "Alpine";
}

/**
 * apk's database of installed packages, `lib/apk/db/installed`: one record per package, `X:value` lines,
 * records separated by blank lines. Reads P (name), V (version), A (architecture), o (origin = source
 * package, the name Alpine's advisories use), L (licence), c (aports commit) and D/p (dependencies and what
 * each package provides) for edges. Origin and architecture go in the purl (`upstream`, `arch`). Records
 * without a name or version are reported as errors; a file with no readable record is rejected.
 */
export const apkInstalledExtractor: Extractor = {
  ...APK_INSTALLED_FORMAT,
  async extract(input: ExtractInput): Promise<ExtractResult> {
    const { records, bad } = parseRecords(input.text);
    if (records.length === 0 && bad.length > 0) {
      throw new ExtractError('not an apk database (line is not "X:value")', {
        line: bad[0],
        hint: "lib/apk/db/installed holds records of `X:value` lines",
      });
    }
    const errors: InventoryError[] = bad.map((line) => ({
      path: input.path,
      line,
      message: 'not an "X:value" line',
    }));
    const root = rootOf(input.path, APK_DB_PATH);
    const read = async (file: string) => (root === undefined ? undefined : input.readFile(`${root}${file}`));
    const ecosystem = alpineEcosystem(
      await read("etc/alpine-release"),
      (await read("etc/os-release")) ?? (await read("usr/lib/os-release")),
    );
    const packages: Package[] = [];
    const kept: ApkRecord[] = [];
    for (const r of records) {
      const [name] = r.fields.get("P") ?? [];
      const [version] = r.fields.get("V") ?? [];
      if (!name || !version) {
        errors.push({
          path: input.path,
          line: r.line,
          message: `record without ${name ? "a version (V:)" : "a name (P:)"}`,
        });
        continue;
      }
      const field = (key: string) => r.fields.get(key)?.[0] || undefined;
      const ref = { ecosystem, name, version };
      packages.push(
        newPackage({
          ...ref,
          locations: [{ path: input.path, line: r.line }],
          licenses: field("L") ? [field("L")!] : undefined,
          commit: field("c"),
          purl: osPackagePurl(ref, { arch: field("A"), upstream: field("o") }),
        }),
      );
      kept.push(r);
    }
    linkDependencies(packages, kept);
    return { packages, errors };
  },
};

function parseRecords(text: string): { records: ApkRecord[]; bad: number[] } {
  const records: ApkRecord[] = [];
  const bad: number[] = [];
  let current: ApkRecord | undefined;
  const lines = linesEndingInLf(text, "apk database", "apk installed database", "apk");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") {
      current = undefined;
      continue;
    }
    if (!/^[A-Za-z]:/.test(line)) {
      bad.push(i + 1);
      continue;
    }
    if (!current) {
      current = { fields: new Map(), line: i + 1 };
      records.push(current);
    }
    const key = line[0];
    const list = current.fields.get(key);
    if (list) list.push(line.slice(2));
    else current.fields.set(key, [line.slice(2)]);
  }
  return { records, bad };
}

/** D: names packages or things they provide (p:, e.g. "so:libc.musl-x86_64.so.1"); "!x" are conflicts. */
function linkDependencies(packages: Package[], records: ApkRecord[]): void {
  const provider = new Map<string, Package>();
  packages.forEach((pkg, i) => {
    provider.set(pkg.name, pkg);
    for (const provided of words(records[i], "p")) provider.set(stripConstraint(provided), pkg);
  });
  packages.forEach((pkg, i) => {
    for (const dep of words(records[i], "D")) {
      if (dep.startsWith("!")) continue;
      const target = provider.get(stripConstraint(dep));
      if (target && target !== pkg && !pkg.dependencies.includes(target.purl))
        pkg.dependencies.push(target.purl);
    }
  });
}

function words(record: ApkRecord, key: string): string[] {
  return (record.fields.get(key) ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean);
}

function stripConstraint(dep: string): string {
  return dep.split(/[<>=~]/)[0];
}
