import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { linesEndingInLf } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { GEMFILE_LOCK_FORMAT } from "./extractors.js";

const ECOSYSTEM = "RubyGems";

/** Sections that list gems under `specs:`, as Bundler writes them. */
const SOURCE_SECTIONS = new Set(["GEM", "GIT", "PATH", "PLUGIN SOURCE"]);
/** Every section Bundler writes; a file with none of them is not a Gemfile.lock. */
const KNOWN_SECTIONS = new Set([
  ...SOURCE_SECTIONS,
  "DEPENDENCIES",
  "PLATFORMS",
  "CHECKSUMS",
  "RUBY VERSION",
  "BUNDLED WITH",
]);

interface Spec {
  pkg: Package;
  requires: string[];
}

/**
 * Gemfile.lock and gems.locked: every gem of the GEM, GIT (commit = `revision:`) and PATH sections with its
 * spec line; platform variants (`nokogiri (1.16.0-x86_64-linux)`) are one package; the indented requirement
 * lines under a spec become edges; DEPENDENCIES marks direct gems (the others transitive); the CHECKSUMS
 * section (Bundler 2.5+) gives sha256 hashes. Lines Bundler would not write are reported, the rest still read.
 */
export const gemfileLockExtractor: SyncExtractor = {
  ...GEMFILE_LOCK_FORMAT,
  extract(input: ExtractInput): ExtractResult {
    const errors: InventoryError[] = [];
    const specs = new Map<string, Spec>();
    const directNames = new Set<string>();
    const checksums = new Map<string, string[]>();
    let section = "";
    let revision: string | undefined;
    let current: Spec | undefined;
    // Bundler splits its lockfile at LF and CR LF only: a lone CR would make the file one line
    const lines = linesEndingInLf(input.text, "Gemfile.lock", "Gemfile.lock", "Bundler");
    let sections = 0;

    lines.forEach((raw, i) => {
      const lineNo = i + 1;
      if (raw.trim() === "") return;
      const indent = raw.length - raw.trimStart().length;
      const line = raw.trim();
      if (indent === 0) {
        section = line;
        if (KNOWN_SECTIONS.has(line)) sections++;
        revision = undefined;
        current = undefined;
        return;
      }
      if (SOURCE_SECTIONS.has(section)) {
        if (indent === 2) {
          if (line.startsWith("revision:")) revision = line.slice("revision:".length).trim();
          return;
        }
        if (indent === 4) {
          current = readSpec(line, section === "GIT" ? revision : undefined, input.path, lineNo, specs);
          if (!current)
            errors.push({ path: input.path, line: lineNo, message: `malformed gem spec "${line}"` });
          return;
        }
        if (indent === 6)
          current?.requires.push(line.split(/\s+/)[0]); // after a malformed spec: reported
        else
          errors.push({
            path: input.path,
            line: lineNo,
            message: `unexpected indentation: "${line}" not read`,
          });
        return;
      }
      if (section === "DEPENDENCIES" && indent === 2) {
        directNames.add(line.split(/[\s!]/)[0]);
      } else if (section === "CHECKSUMS" && indent === 2) {
        const m = line.match(/^(\S+) \(([^)]+)\)\s+(.+)$/);
        if (m)
          checksums.set(
            `${m[1]}@${splitPlatform(m[2]).version}`,
            m[3].split(",").map((h) => h.replace("=", ":")),
          );
      }
    });

    if (sections === 0 && input.text.trim() !== "") {
      throw new ExtractError("no GEM, GIT, PATH or DEPENDENCIES section: not a Gemfile.lock", {
        hint: "Gemfile.lock is written by `bundle install`",
      });
    }
    const packages = [...specs.values()].map((s) => s.pkg);
    const byName = new Map(packages.map((p) => [p.name, p]));
    for (const { pkg, requires } of specs.values()) {
      pkg.direct = directNames.has(pkg.name);
      pkg.hashes = checksums.get(`${pkg.name}@${pkg.version}`);
      for (const name of requires) {
        const target = byName.get(name);
        if (target && !pkg.dependencies.includes(target.purl)) pkg.dependencies.push(target.purl);
      }
    }
    return { packages, errors };
  },
};

/** `name (1.2.3)` or `name (1.2.3-platform)`; several platform variants of one version share one package. */
function readSpec(
  line: string,
  commit: string | undefined,
  path: string,
  lineNo: number,
  specs: Map<string, Spec>,
): Spec | undefined {
  const m = line.match(/^(\S+) \(([^)\s]+)\)$/);
  if (!m) return undefined;
  const { version } = splitPlatform(m[2]);
  const key = `${m[1]}@${version}`;
  const seen = specs.get(key);
  if (seen) {
    seen.pkg.locations.push({ path, line: lineNo });
    return seen;
  }
  const spec = {
    pkg: newPackage({
      ecosystem: ECOSYSTEM,
      name: m[1],
      version,
      commit,
      locations: [{ path, line: lineNo }],
    }),
    requires: [],
  };
  specs.set(key, spec);
  return spec;
}

/** Gem versions contain no "-"; what follows the first "-" is the platform (x86_64-linux, java, ...). */
function splitPlatform(text: string): { version: string; platform?: string } {
  const dash = text.indexOf("-");
  return dash < 0 ? { version: text } : { version: text.slice(0, dash), platform: text.slice(dash + 1) };
}
