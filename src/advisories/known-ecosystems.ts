import { ecosystems, splitEcosystem } from "../ecosystems/index.js";

/** What knownEcosystem found. */
export type EcosystemCheck =
  | { known: true }
  | {
      known: false;
      /** The closest known name (release suffix kept), when one is close. */
      suggestion?: string;
      /** Every known name, sorted. */
      names: string[];
    };

// Names people type for an ecosystem: purl types, package managers, languages.
const COMMON_NAMES: Record<string, string> = {
  golang: "Go",
  go: "Go",
  pip: "PyPI",
  python: "PyPI",
  pypi: "PyPI",
  node: "npm",
  nodejs: "npm",
  javascript: "npm",
  yarn: "npm",
  pnpm: "npm",
  cargo: "crates.io",
  rust: "crates.io",
  crates: "crates.io",
  gem: "RubyGems",
  ruby: "RubyGems",
  rubygems: "RubyGems",
  composer: "Packagist",
  php: "Packagist",
  java: "Maven",
  gradle: "Maven",
  maven: "Maven",
  dotnet: "NuGet",
  nuget: "NuGet",
  dart: "Pub",
  flutter: "Pub",
  elixir: "Hex",
  erlang: "Hex",
  haskell: "Hackage",
  r: "CRAN",
  swift: "SwiftURL",
  conan: "ConanCenter",
  deb: "Debian",
  apk: "Alpine",
  rhel: "Red Hat",
  redhat: "Red Hat",
  rpm: "Red Hat",
  github: "GitHub Actions",
};

/**
 * Whether an OSV ecosystem name (with or without a release suffix, "Debian:12") is one Bulwark knows: a name
 * of the ecosystem registry or one the database holds records for, spelled exactly (OSV names are
 * case-sensitive). Otherwise the known names and, when one is close (case, a common alias such as "golang"
 * or "pip", or a typo), a suggestion.
 */
export function knownEcosystem(given: string, inDatabase: readonly string[] = []): EcosystemCheck {
  const names = [...new Set([...ecosystems.flatMap((d) => d.names), ...inDatabase])].sort((a, b) =>
    a.toLowerCase().localeCompare(b.toLowerCase()),
  );
  const { base, suffix } = splitEcosystem(given.trim());
  if (names.includes(base)) return { known: true };
  const lower = base.toLowerCase();
  const closest =
    names.find((n) => n.toLowerCase() === lower) ??
    COMMON_NAMES[lower.replace(/[\s_-]/g, "")] ??
    nearest(lower, names);
  const suggestion = closest && (suffix === undefined ? closest : `${closest}:${suffix}`);
  return { known: false, names, ...(suggestion ? { suggestion } : {}) };
}

/** The nearest name within a typo or two of `word` (case-insensitive): 1 edit for short words, 2 for longer. */
function nearest(word: string, names: string[]): string | undefined {
  const allowed = word.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(word, name.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}
