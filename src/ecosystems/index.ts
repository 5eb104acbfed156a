import { alpine } from "./alpine/index.js";
import { cargo } from "./cargo/index.js";
import { cocoapods } from "./cocoapods/index.js";
import { conan } from "./conan/index.js";
import { cran } from "./cran/index.js";
import { debian } from "./debian/index.js";
import { genericVersions } from "./generic-version.js";
import { githubActions } from "./githubactions/index.js";
import { go } from "./go/index.js";
import { hackage } from "./hackage/index.js";
import { hex } from "./hex/index.js";
import { julia } from "./julia/index.js";
import { maven } from "./maven/index.js";
import { npm } from "./npm/index.js";
import { nuget } from "./nuget/index.js";
import { opam } from "./opam/index.js";
import { packagist } from "./packagist/index.js";
import { pub } from "./pub/index.js";
import { pypi } from "./pypi/index.js";
import { rpm } from "./rpm/index.js";
import { rubygems } from "./rubygems/index.js";
import { swift } from "./swift/index.js";
import type { EcosystemDefinition, Extractor, ExtractorEntry, VersionScheme } from "./types.js";
import { ubuntu } from "./ubuntu/index.js";

/** Every ecosystem Bulwark knows. Adding one = a folder beside this file + one line here. */
export const ecosystems: readonly EcosystemDefinition[] = [
  npm,
  pypi,
  maven,
  go,
  cargo,
  rubygems,
  nuget,
  packagist,
  pub,
  hex,
  hackage,
  cran,
  swift,
  cocoapods,
  conan,
  julia,
  opam,
  debian,
  ubuntu,
  alpine,
  rpm,
  githubActions,
];

const byName = new Map<string, EcosystemDefinition>();
for (const def of ecosystems) for (const name of def.names) byName.set(name.toLowerCase(), def);

/** Splits "Debian:12" into base "Debian" and suffix "12"; "Red Hat:rhel_aus:8.6::appstream" into "Red Hat" and the rest. */
export function splitEcosystem(ecosystem: string): { base: string; suffix?: string } {
  const i = ecosystem.indexOf(":");
  if (i < 0) return { base: ecosystem };
  return { base: ecosystem.slice(0, i), suffix: ecosystem.slice(i + 1) };
}

/** The definition serving an OSV ecosystem name (suffix ignored, case-insensitive), or undefined. */
export function findEcosystem(ecosystem: string): EcosystemDefinition | undefined {
  return byName.get(splitEcosystem(ecosystem).base.toLowerCase());
}

/** The canonical spelling of an OSV ecosystem base name ("pypi" -> "PyPI"); unknown names are returned as given. */
export function canonicalEcosystem(ecosystem: string): string {
  const { base, suffix } = splitEcosystem(ecosystem);
  const def = byName.get(base.toLowerCase());
  const canonical = def?.names.find((n) => n.toLowerCase() === base.toLowerCase()) ?? base;
  return suffix === undefined ? canonical : `${canonical}:${suffix}`;
}

/** The version ordering of an ecosystem; the generic fallback for ecosystems Bulwark has no scheme for. */
export function versionScheme(ecosystem: string): VersionScheme {
  return findEcosystem(ecosystem)?.versions ?? genericVersions;
}

/**
 * Compares two versions as the ecosystem's own tooling does. Returns -1, 0 or 1; never throws (versions the
 * scheme cannot parse are ordered by the generic fallback, see generic-version.ts).
 */
export function compareVersions(ecosystem: string, a: string, b: string): -1 | 0 | 1 {
  const c = versionScheme(ecosystem).compare(a, b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/** The name under which advisories are indexed and queried for this ecosystem. */
export function normalizeName(ecosystem: string, name: string): string {
  return findEcosystem(ecosystem)?.normalizeName(name) ?? name.trim();
}

/**
 * Every format of every ecosystem, as registry entries: `format`, `ecosystem` and `matches` are at hand, the
 * parser loads on `await entry.load()` (only the formats a run meets are imported, for start-up speed).
 */
export function allExtractors(): ExtractorEntry[] {
  return ecosystems.flatMap((def) => def.extractors);
}

/** Every extractor of every ecosystem, loaded (imports every parser: for tools and benchmarks, not for scans). */
export function loadAllExtractors(): Promise<Extractor[]> {
  return Promise.all(allExtractors().map((entry) => entry.load()));
}

export type {
  EcosystemDefinition,
  ExtractInput,
  Extractor,
  ExtractorDescriptor,
  ExtractorEntry,
  ExtractResult,
  SyncExtractor,
  VersionScheme,
} from "./types.js";
