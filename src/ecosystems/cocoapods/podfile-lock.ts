import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import { isRecord, lineOf, requireRecord, stringField } from "../parse-text.js";
import { parseYamlText } from "../parse-yaml.js";
import { purlFor } from "../purl.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { PODFILE_LOCK_FORMAT } from "./extractors.js";

/** "PINCache/Core (3.0.3)" -> pod "PINCache", subspec "/Core", version "3.0.3". */
const POD = /^"?([^\s/"(]+)(\/[^\s"(]*)?\s*(?:\((.*)\))?"?$/;

/**
 * CocoaPods `Podfile.lock`: `PODS` lists every installed pod ("Name (version)", optionally a map to the pods it
 * depends on), `DEPENDENCIES` the ones the Podfile asks for (direct), `CHECKOUT OPTIONS` the git commits.
 * Subspecs ("PINCache/Core") belong to their pod, which advisories name, so they merge into it.
 */
export const podfileLockExtractor: SyncExtractor = {
  ...PODFILE_LOCK_FORMAT,
  extract: extractPodfileLock,
};

function extractPodfileLock(input: ExtractInput): ExtractResult {
  const { path } = input;
  const text = normalizeLineBreaks(input.text); // YAML ends lines at CR LF and lone CR too
  const doc = requireRecord(parseYamlText(text, "Podfile.lock"), "Podfile.lock");
  const pods = doc.PODS ?? [];
  if (!Array.isArray(pods)) throw new ExtractError('"PODS" is not a list: not a Podfile.lock');
  const direct = new Set(listOf(doc.DEPENDENCIES).map((d) => POD.exec(d)?.[1] ?? d));
  const lines = podLines(text);
  const byName = new Map<string, Package>();
  const requires = new Map<Package, string[]>();
  const errors: InventoryError[] = [];
  for (const entry of pods) {
    const [spec, deps] = isRecord(entry) ? (Object.entries(entry)[0] ?? ["", []]) : [String(entry), []];
    const pod = POD.exec(spec);
    if (!pod?.[3]) {
      errors.push({ path, line: lineOf(text, spec), message: `unreadable PODS entry "${spec}"` });
      continue;
    }
    const name = pod[1]!;
    const pkg =
      byName.get(name) ??
      newPackage({
        ecosystem: "CocoaPods",
        name,
        version: pod[3],
        direct: direct.has(name),
        locations: [{ path, line: lines.get(name) }],
        ...checkout(doc, name),
      });
    byName.set(name, pkg);
    const names = requires.get(pkg) ?? [];
    for (const dep of listOf(deps)) {
      const depName = POD.exec(dep)?.[1];
      if (depName && depName !== name && !names.includes(depName)) names.push(depName);
    }
    requires.set(pkg, names);
  }
  for (const [pkg, names] of requires) {
    for (const depName of names) {
      const target = byName.get(depName);
      if (target) pkg.dependencies.push(target.purl || purlFor(target));
    }
  }
  const packages = [...byName.values()];
  return errors.length > 0 ? { packages, errors } : { packages };
}

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The commit of a pod checked out from git (`CHECKOUT OPTIONS: Name: {:git: url, :commit: sha}`). */
function checkout(doc: Record<string, unknown>, name: string): { commit?: string } {
  const options = doc["CHECKOUT OPTIONS"];
  const pod = isRecord(options) ? options[name] : undefined;
  const commit = isRecord(pod) ? stringField(pod, ":commit") : undefined;
  return commit ? { commit } : {};
}

/** Line of each pod's first entry under PODS ("  - Name (1.0)" or "  - Name/Sub (1.0):"). */
function podLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const all = text.split("\n");
  const start = all.findIndex((l) => l.startsWith("PODS:"));
  for (let i = start + 1; start >= 0 && i < all.length && !/^\S/.test(all[i]!); i++) {
    const match = /^ {2}- "?([^\s/"(]+)/.exec(all[i]!);
    if (match && !lines.has(match[1]!)) lines.set(match[1]!, i + 1);
  }
  return lines;
}
