// Runs every line of every file in the corpus' versions/ folder (osv-scalibr's fixtures) against
// compareVersions, in both directions: `a OP b` and `b -OP a`.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { compareVersions } from "./index.js";
import { semverVersions } from "./semver-version.js";

/** OSV ecosystems each fixture file is run against ("semver" is SemVer 2, "redhat" is RPM). */
const ECOSYSTEMS_BY_FILE: Record<string, string[]> = {
  alpine: ["Alpine", "Alpine:v3.18", "Wolfi", "Chainguard"],
  cran: ["CRAN", "Bioconductor"],
  debian: ["Debian", "Debian:12", "Ubuntu"],
  hackage: ["Hackage"],
  maven: ["Maven"],
  nuget: ["NuGet"],
  packagist: ["Packagist"],
  pub: ["Pub"],
  pypi: ["PyPI"],
  redhat: ["Red Hat", "Rocky Linux", "AlmaLinux", "SUSE", "openSUSE"],
  rubygems: ["RubyGems"],
  semver: ["npm", "crates.io", "Go", "Hex", "SwiftURL"],
};

const SYMBOL: Record<string, -1 | 0 | 1> = { "<": -1, "=": 0, ">": 1 };
const NAME: Record<string, string> = { "-1": "<", "0": "=", "1": ">" };

interface Fixture {
  line: number;
  a: string;
  op: -1 | 0 | 1;
  b: string;
}

/** Parses a fixture file: `a < b`, `a = b`, `a > b`; `#` and `//` comments and blank lines are skipped. */
function readFixtures(file: string): Fixture[] {
  const out: Fixture[] = [];
  readFileSync(corpusPath("versions", file), "utf8")
    .split(/\r?\n/)
    .forEach((text, i) => {
      const line = text.trim();
      if (line === "" || line.startsWith("#") || line.startsWith("//")) return;
      const parts = line.split(" ");
      assert.equal(parts.length, 3, `${file}:${i + 1}: expected "a OP b", got ${JSON.stringify(line)}`);
      const op = SYMBOL[parts[1]!];
      assert.ok(op !== undefined, `${file}:${i + 1}: unknown operator ${parts[1]}`);
      out.push({ line: i + 1, a: parts[0]!, op, b: parts[2]! });
    });
  return out;
}

function failures(file: string, compare: (a: string, b: string) => number): string[] {
  const out: string[] = [];
  for (const f of readFixtures(file)) {
    const forward = Math.sign(compare(f.a, f.b));
    const backward = Math.sign(compare(f.b, f.a));
    if (forward !== f.op || backward !== -f.op) {
      out.push(
        `${file}:${f.line}: ${f.a} ${NAME[f.op]} ${f.b} expected; got ${f.a} ${NAME[forward]} ${f.b} and ${f.b} ${NAME[backward]} ${f.a}`,
      );
    }
  }
  return out;
}

const files = readdirSync(corpusPath("versions")).filter((f) => f.endsWith(".txt"));

describe("corpus version fixtures", () => {
  it("maps every fixture file to an ecosystem", () => {
    const unmapped = files.filter(
      (f) => ECOSYSTEMS_BY_FILE[f.replace(/-versions(-generated)?\.txt$/, "")] === undefined,
    );
    assert.deepEqual(unmapped, []);
  });

  for (const file of files) {
    const ecosystems = ECOSYSTEMS_BY_FILE[file.replace(/-versions(-generated)?\.txt$/, "")] ?? [];
    for (const ecosystem of ecosystems) {
      it(`${file} as ${ecosystem}`, () => {
        assert.ok(readFixtures(file).length > 0, `${file} holds no comparisons`);
        const failed = failures(file, (a, b) => compareVersions(ecosystem, a, b));
        assert.deepEqual(failed.slice(0, 20), [], `${failed.length} comparisons failed`);
      });
    }
  }

  it("semver-versions.txt with the SemVer scheme used for OSV SEMVER ranges", () => {
    assert.deepEqual(failures("semver-versions.txt", semverVersions.compare), []);
  });
});
