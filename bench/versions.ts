// Version comparison throughput per ecosystem: compareVersions(ecosystem, a, b) over every pair of a
// sample of real versions (the corpus' version fixtures where the ecosystem has them), median of runs, as
// comparisons per second (wall and CPU time), plus sorting 10,000 versions and the heap it takes.
// Prints figures; never asserts.
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { compareVersions, ecosystems } from "../src/ecosystems/index.js";
import { corpusPath } from "../src/testing/corpus.js";

const RUNS = 7;
const PAIRS_PER_RUN = 200_000;

/** The distinct versions of a corpus fixture file (`a OP b` lines). */
function fixtureVersions(file: string): string[] {
  const out = new Set<string>();
  for (const line of readFileSync(corpusPath("versions", file), "utf8").split("\n")) {
    const t = line.trim();
    if (t === "" || t.startsWith("#") || t.startsWith("//")) continue;
    const [a, , b] = t.split(" ");
    if (a && b) {
      out.add(a);
      out.add(b);
    }
  }
  return [...out];
}

const FIXTURE: Record<string, string> = {
  npm: "semver-versions.txt",
  "crates.io": "semver-versions.txt",
  Hex: "semver-versions.txt",
  SwiftURL: "semver-versions.txt",
  CocoaPods: "semver-versions.txt",
  "GitHub Actions": "semver-versions.txt",
  Go: "semver-versions.txt",
  PyPI: "pypi-versions.txt",
  Maven: "maven-versions.txt",
  NuGet: "nuget-versions.txt",
  RubyGems: "rubygems-versions.txt",
  Packagist: "packagist-versions-generated.txt",
  Pub: "pub-versions.txt",
  Julia: "pub-versions.txt",
  Hackage: "hackage-versions.txt",
  CRAN: "cran-versions.txt",
  Debian: "debian-versions.txt",
  Ubuntu: "debian-versions.txt",
  opam: "debian-versions.txt",
  Alpine: "alpine-versions-generated.txt",
  "Red Hat": "redhat-versions.txt",
};
// ConanCenter has no fixture file: real ConanCenter recipe versions
const CONAN = [
  "1.2.11",
  "1.2.13",
  "1.3",
  "3.0.8",
  "3.1.1",
  "1.81.0",
  "1.83.0",
  "cci.20230406",
  "2.0.0-rc1",
  "1.1.1w",
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(ecosystem: string, versions: string[]): { wall: number; cpu: number } {
  const n = versions.length;
  const walls: number[] = [];
  const cpusMs: number[] = [];
  let sink = 0;
  for (let run = 0; run < RUNS; run++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < PAIRS_PER_RUN; k++) {
      sink += compareVersions(ecosystem, versions[k % n]!, versions[(k * 7 + 3) % n]!);
    }
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(cpu0);
    cpusMs.push((c.user + c.system) / 1000);
  }
  if (Number.isNaN(sink)) throw new Error("unreachable");
  return { wall: (PAIRS_PER_RUN / median(walls)) * 1000, cpu: (PAIRS_PER_RUN / median(cpusMs)) * 1000 };
}

const fmt = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)}`,
);
console.log(`${RUNS} runs of ${PAIRS_PER_RUN.toLocaleString("en")} comparisons each; median\n`);
console.log("| ecosystem | sample versions | comparisons/s (wall) | comparisons/s (CPU) |");
console.log("| --- | ---: | ---: | ---: |");
const allVersions: [string, string[]][] = [];
for (const def of ecosystems) {
  const name = def.names[0]!;
  const versions = name === "ConanCenter" ? CONAN : fixtureVersions(FIXTURE[name] ?? "semver-versions.txt");
  allVersions.push([name, versions]);
  const r = measure(name, versions);
  console.log(`| ${name} | ${versions.length} | ${fmt(r.wall)} | ${fmt(r.cpu)} |`);
}

// Sorting 10,000 real Alpine and Packagist versions: what a matcher does with a large `versions` list.
console.log("\n| sort 10,000 versions | time (median) | heap growth |");
console.log("| --- | ---: | ---: |");
for (const [name, versions] of allVersions.filter(([n]) => n === "Alpine" || n === "Packagist")) {
  const sample = Array.from({ length: 10_000 }, (_, i) => versions[(i * 7919) % versions.length]!);
  const times: number[] = [];
  let heap = 0;
  for (let run = 0; run < RUNS; run++) {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const sorted = [...sample].sort((a, b) => compareVersions(name, a, b));
    times.push(performance.now() - t0);
    heap = Math.max(heap, process.memoryUsage().heapUsed - before);
    if (sorted.length !== sample.length) throw new Error("unreachable");
  }
  console.log(`| ${name} | ${median(times).toFixed(1)} ms | ${(heap / 2 ** 20).toFixed(1)} MB |`);
}
console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
