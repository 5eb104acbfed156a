// Benchmarks of the extractors for Go, Maven/Gradle, Cargo, RubyGems, Packagist, dpkg and apk: in-process
// parse times of real corpus files and of larger generated files (median wall and CPU time of several runs),
// heap and peak RSS, and end-to-end `bulwark inventory` processes over the real projects and a root file
// system assembled in a temporary folder. Prints figures; never asserts.
// The generated files (5,000-entry Cargo.lock, dpkg status, Gemfile.lock; a 1,000-dependency pom.xml) are
// made here from the shapes of the corpus files, because the corpus holds no large lockfile of these formats.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apkInstalledExtractor } from "../src/ecosystems/alpine/apk-installed.js";
import { cargoLockExtractor } from "../src/ecosystems/cargo/cargo-lock.js";
import { dpkgStatusExtractor } from "../src/ecosystems/debian/dpkg-status.js";
import { goModExtractor } from "../src/ecosystems/go/go-mod.js";
import { gradleVerificationMetadataExtractor } from "../src/ecosystems/maven/gradle-verification-metadata.js";
import { pomXmlExtractor } from "../src/ecosystems/maven/pom-xml.js";
import { composerLockExtractor } from "../src/ecosystems/packagist/composer-lock.js";
import { gemfileLockExtractor } from "../src/ecosystems/rubygems/gemfile-lock.js";
import type { Extractor } from "../src/ecosystems/types.js";
import { CLI_BIN, corpusPath } from "../src/testing/corpus.js";

const RUNS = 15;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1] as number;
}

async function bench(
  label: string,
  extractor: Extractor,
  path: string,
  text: string,
  runs = RUNS,
): Promise<void> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const before = process.cpuUsage();
    count = (await extractor.extract({ path, text, readFile: async () => undefined })).packages.length;
    const used = process.cpuUsage(before);
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  console.log(
    `${label.padEnd(58)} ${String(count).padStart(5)} pkgs  wall ${median(wall).toFixed(2).padStart(7)} ms  cpu ${median(cpu).toFixed(2).padStart(7)} ms  fastest ${Math.min(...wall).toFixed(2)} ms`,
  );
}

const read = (...segments: string[]) => readFileSync(corpusPath(...segments), "utf8");

console.log("In-process (real files)");
await bench("guac go.mod (537 lines)", goModExtractor, "go.mod", read("projects", "guac", "go.mod"));
await bench("scorecard go.mod", goModExtractor, "go.mod", read("projects", "scorecard", "go.mod"));
await bench(
  "dependency-track-apiserver pom.xml (825 lines)",
  pomXmlExtractor,
  "pom.xml",
  read("projects", "dependency-track-apiserver", "pom.xml"),
);
await bench(
  "rails Gemfile.lock",
  gemfileLockExtractor,
  "Gemfile.lock",
  read("lockfiles", "ruby", "gemfilelock", "rails.lock"),
);
await bench(
  "drupal composer.lock",
  composerLockExtractor,
  "composer.lock",
  read("lockfiles", "php", "composerlock", "drupal-packages.json"),
);
await bench(
  "apk installed",
  apkInstalledExtractor,
  "lib/apk/db/installed",
  read("lockfiles", "os", "apk", "installed"),
);
await bench(
  "gradle verification-metadata.xml",
  gradleVerificationMetadataExtractor,
  "gradle/verification-metadata.xml",
  read("lockfiles", "java", "gradleverificationmetadataxml", "multiple-versions.xml"),
);

console.log("In-process (generated, 5,000 entries)");
const N = 5000;
const cargo = ["version = 3", ""]
  .concat(
    Array.from(
      { length: N },
      (_, i) =>
        `[[package]]\nname = "crate${i}"\nversion = "1.${i}.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${"ab".repeat(32)}"\ndependencies = [\n "crate${(i + 1) % N}",\n]\n`,
    ),
  )
  .join("\n");
await bench(`Cargo.lock (${(cargo.length / 1e6).toFixed(1)} MB)`, cargoLockExtractor, "Cargo.lock", cargo, 7);
const dpkgSample = read("lockfiles", "os", "dpkg", "dpkg", "valid");
const dpkg = Array.from({ length: Math.ceil(N / 7) }, (_, i) =>
  dpkgSample.replace(/^Package: (.*)$/gm, `Package: $1-${i}`),
).join("\n");
await bench(
  `dpkg status (${(dpkg.length / 1e6).toFixed(1)} MB)`,
  dpkgStatusExtractor,
  "var/lib/dpkg/status",
  dpkg,
  7,
);
const specs = Array.from(
  { length: N },
  (_, i) => `    gem${i} (1.${i}.0)\n      gem${(i + 1) % N} (>= 1)`,
).join("\n");
await bench(
  "Gemfile.lock",
  gemfileLockExtractor,
  "Gemfile.lock",
  `GEM\n  remote: https://rubygems.org/\n  specs:\n${specs}\n\nDEPENDENCIES\n  gem0\n`,
  7,
);
const composer = JSON.stringify(
  {
    packages: Array.from({ length: N }, (_, i) => ({
      name: `v${i}/p${i}`,
      version: `1.${i}.0`,
      source: { reference: "a".repeat(40) },
      require: { [`v${(i + 1) % N}/p${(i + 1) % N}`]: "^1" },
      authors: [{ name: "x" }],
    })),
  },
  null,
  4,
);
await bench(
  `composer.lock (${(composer.length / 1e6).toFixed(1)} MB)`,
  composerLockExtractor,
  "composer.lock",
  composer,
  7,
);
const pom = `<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version><properties>${Array.from(
  { length: 1000 },
  (_, i) => `<v${i}>1.${i}</v${i}>`,
).join("")}</properties><dependencies>${Array.from(
  { length: 1000 },
  (_, i) =>
    `<dependency>\n<groupId>org.x${i}</groupId>\n<artifactId>a${i}</artifactId>\n<version>\${v${i}}</version>\n</dependency>`,
).join("\n")}</dependencies></project>`;
await bench("pom.xml (1,000 dependencies through properties)", pomXmlExtractor, "pom.xml", pom, 7);

globalThis.gc?.();
const memory = process.memoryUsage();
console.log(
  `heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);

// End to end: the built CLI as a process, median of 5 runs, with its peak RSS.
const RSS_PROBE = `data:text/javascript,process.on("exit",()=>{process.stderr.write("maxrss-kb:"+process.resourceUsage().maxRSS+"\\n")})`;
function endToEnd(label: string, args: string[]): void {
  const wall: number[] = [];
  let rssKb = 0;
  let summary = "";
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const r = spawnSync(
      process.execPath,
      ["--import", RSS_PROBE, CLI_BIN, "inventory", "--format", "json", ...args],
      {
        encoding: "utf8",
        maxBuffer: 1 << 28,
      },
    );
    wall.push(performance.now() - started);
    rssKb = Math.max(rssKb, Number(r.stderr.match(/maxrss-kb:(\d+)/)?.[1] ?? 0));
    try {
      const json = JSON.parse(r.stdout) as { packages: unknown[]; errors: unknown[] };
      summary = `${json.packages.length} packages, ${json.errors.length} errors`;
    } catch {
      summary = `failed: ${r.stderr.trim().split("\n")[0]}`;
    }
  }
  console.log(
    `${label.padEnd(58)} ${median(wall).toFixed(0)} ms, ${(rssKb / 1024).toFixed(0)} MB peak RSS — ${summary}`,
  );
}

console.log("End to end (node bin/bulwark.js inventory)");
endToEnd(
  "guac + scorecard + dependency-track-apiserver",
  ["guac", "scorecard", "dependency-track-apiserver"].map((p) => corpusPath("projects", p)),
);
const root = mkdtempSync(join(tmpdir(), "bulwark-bench-rootfs-"));
try {
  mkdirSync(join(root, "var/lib/dpkg"), { recursive: true });
  mkdirSync(join(root, "lib/apk/db"), { recursive: true });
  mkdirSync(join(root, "etc"), { recursive: true });
  writeFileSync(join(root, "etc/os-release"), 'ID=debian\nVERSION_ID="12"\n');
  copyFileSync(corpusPath("lockfiles", "os", "apk", "installed"), join(root, "lib/apk/db/installed"));
  writeFileSync(join(root, "var/lib/dpkg/status"), dpkg);
  endToEnd("root file system: 5,005 dpkg (generated) + 15 apk packages", [root]);
} finally {
  rmSync(root, { recursive: true, force: true });
}
