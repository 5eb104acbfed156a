import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import { purlFor } from "../purl.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { MIX_LOCK_FORMAT } from "./extractors.js";

// mix.lock is an Elixir map literal that mix writes one entry per line:
//   "plug": {:hex, :plug, "1.11.1", "<sha256>", [:mix], [{:mime, "~> 1.0", [hex: :mime, ...]}], "hexpm", "<sha256>"},
//   "foo": {:git, "https://github.com/org/foo.git", "<commit>", [branch: "main"]},
// Reading it line by line avoids evaluating Elixir; an entry line that does not have this shape is reported.
const ENTRY = /^\s*"([^"]+)":\s*\{:(\w+),(.*)\},?\s*$/;
const HEX = /^\s*:"?([\w.-]+)"?,\s*"([^"]+)",\s*"([0-9a-fA-F]*)"/;
const GIT = /^\s*"([^"]+)",\s*"([0-9a-fA-F]{7,40})"/;
const DEPENDENCY = /\{:"?([\w.-]+)"?,\s*(?:"[^"]*"|nil),\s*\[([^\]]*)\]\}/g;

/**
 * Elixir/Erlang `mix.lock`: Hex packages (name, version, the tarball's sha256 checksum as a hash, edges to
 * the locked versions) and git dependencies (no version, the locked commit).
 */
export const mixLockExtractor: SyncExtractor = {
  ...MIX_LOCK_FORMAT,
  extract: extractMixLock,
};

interface Entry {
  pkg: Package;
  /** Hex package names this one depends on (resolved to versions once every entry is known). */
  requires: string[];
}

function extractMixLock(input: ExtractInput): ExtractResult {
  const { path } = input;
  // Elixir reads CR LF and a lone CR as whitespace like LF, so such a mix.lock is the same map
  const text = normalizeLineBreaks(input.text);
  if (!/^\s*(#[^\n]*\n\s*)*%\{/.test(text)) {
    throw new ExtractError('not a mix.lock: expected an Elixir map starting with "%{"', {
      line: 1,
      hint: "mix.lock is written by `mix deps.get`",
    });
  }
  const entries: Entry[] = [];
  const errors: InventoryError[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    // older mix wrote the first entry on the line of "%{"
    const line = lines[i]!.trim().replace(/^%\{\s*/, "");
    if (!line.startsWith('"')) {
      // the map's closing brace, blank lines and comments hold no entry; anything else would be lost silently
      if (!/^(\}|#.*)?$/.test(line))
        errors.push({ path, line: i + 1, message: `not a mix.lock entry line: ${line.slice(0, 80)}` });
      continue;
    }
    const entry = parseEntry(line, { path, line: i + 1 });
    if (entry) entries.push(entry);
    else
      errors.push({ path, line: i + 1, message: `unreadable mix.lock entry: ${line.trim().slice(0, 80)}` });
  }
  const versions = new Map(entries.map((e) => [e.pkg.name, e.pkg.version]));
  for (const { pkg, requires } of entries) {
    for (const name of requires) {
      // a dependency missing from the lock has no version to point at
      const version = versions.get(name);
      const purl = version === undefined ? "" : purlFor({ ecosystem: "Hex", name, version });
      if (purl) pkg.dependencies.push(purl);
    }
  }
  const packages = entries.map((e) => e.pkg);
  return errors.length > 0 ? { packages, errors } : { packages };
}

function parseEntry(line: string, location: { path: string; line: number }): Entry | undefined {
  const entry = ENTRY.exec(line);
  if (!entry) return undefined;
  const [, key, scm, rest] = entry as unknown as [string, string, string, string];
  if (scm === "hex") {
    const hex = HEX.exec(rest);
    if (!hex) return undefined;
    const [, name, version, checksum] = hex as unknown as [string, string, string, string];
    const requires = [...rest.matchAll(DEPENDENCY)].map(
      ([, dep, options]) => /hex:\s*:"?([\w.-]+)/.exec(options ?? "")?.[1] ?? dep!,
    );
    return {
      pkg: newPackage({
        ecosystem: "Hex",
        name,
        version,
        locations: [location],
        ...(checksum ? { hashes: [`sha256:${checksum.toLowerCase()}`] } : {}),
      }),
      requires,
    };
  }
  if (scm === "git") {
    const git = GIT.exec(rest);
    if (!git) return undefined;
    return {
      pkg: newPackage({ ecosystem: "Hex", name: key, version: "", commit: git[2]!, locations: [location] }),
      requires: [],
    };
  }
  return undefined;
}
