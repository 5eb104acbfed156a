// Benchmarks of the SBOM readers and the lockfile extractors of NuGet, Pub, Hex, CRAN, Hackage, SwiftPM,
// CocoaPods, Conan, GitHub Actions and Julia. In-process parse times (median of runs) and heap growth; one
// end-to-end `bulwark inventory --sbom` process timing. Prints figures; never asserts.
// The SBOMs are built here from the real dependency-track-frontend package-lock.json (1,750 packages, their
// real names, versions and edges), since the corpus holds no large real SBOM.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { loadAllExtractors } from "../src/ecosystems/index.js";
import { purlFor } from "../src/ecosystems/purl.js";
import { readSbom } from "../src/sbom/read/index.js";
import { CLI_BIN, corpusPath } from "../src/testing/corpus.js";

const RUNS = 9;
// Prints the child's peak RSS (kB) and CPU time (µs) when it exits.
const RSS_PROBE = `data:text/javascript,process.on("exit",()=>{const r=process.resourceUsage();process.stderr.write("maxrss-kb:"+r.maxRSS+" cpu-us:"+(r.userCPUTime+r.systemCPUTime)+"\\n")})`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Wall and CPU time (median of RUNS; CPU time is what other load on the machine disturbs least). */
function time(fn: () => unknown): { ms: number; cpuMs: number; heapMb: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  let heapMb = 0;
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = fn();
    const used = process.cpuUsage(cpuBefore);
    times.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - before) / 2 ** 20);
    if (result === undefined) throw new Error("no result");
  }
  return { ms: median(times), cpuMs: median(cpu), heapMb };
}

interface Node {
  name: string;
  version: string;
  purl: string;
  deps: string[];
}

/** Packages and edges of the real package-lock (v2 "packages" map; nested node_modules resolved by name). */
function lockfileGraph(): Node[] {
  const lock = JSON.parse(
    readFileSync(corpusPath("projects/dependency-track-frontend/package-lock.json"), "utf8"),
  );
  const byName = new Map<string, Node>();
  for (const [key, entry] of Object.entries<Record<string, unknown>>(lock.packages)) {
    if (!key || typeof entry.version !== "string") continue;
    const name = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
    const purl = purlFor({ ecosystem: "npm", name, version: entry.version });
    const deps = Object.keys((entry.dependencies as Record<string, string>) ?? {});
    if (!byName.has(purl)) byName.set(purl, { name, version: entry.version, purl, deps });
  }
  const nodes = [...byName.values()];
  const first = new Map<string, string>();
  for (const n of nodes) if (!first.has(n.name)) first.set(n.name, n.purl);
  for (const n of nodes) n.deps = n.deps.flatMap((d) => (first.has(d) ? [first.get(d)!] : []));
  return nodes;
}

function cyclonedxJson(nodes: Node[]): string {
  return JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    components: nodes.map((n) => ({
      type: "library",
      "bom-ref": n.purl,
      name: n.name,
      version: n.version,
      purl: n.purl,
    })),
    dependencies: nodes.map((n) => ({ ref: n.purl, dependsOn: n.deps })),
  });
}

function cyclonedxXml(nodes: Node[]): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const components = nodes
    .map(
      (n) =>
        `<component type="library" bom-ref="${esc(n.purl)}"><name>${esc(n.name)}</name><version>${esc(n.version)}</version><purl>${esc(n.purl)}</purl></component>`,
    )
    .join("\n");
  const deps = nodes
    .map(
      (n) =>
        `<dependency ref="${esc(n.purl)}">${n.deps.map((d) => `<dependency ref="${esc(d)}"/>`).join("")}</dependency>`,
    )
    .join("\n");
  return `<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components>${components}</components><dependencies>${deps}</dependencies></bom>`;
}

function spdxId(i: number): string {
  return `SPDXRef-Package-${i}`;
}

function spdxJson(nodes: Node[]): string {
  const index = new Map(nodes.map((n, i) => [n.purl, i]));
  return JSON.stringify({
    spdxVersion: "SPDX-2.3",
    SPDXID: "SPDXRef-DOCUMENT",
    packages: nodes.map((n, i) => ({
      SPDXID: spdxId(i),
      name: n.name,
      versionInfo: n.version,
      externalRefs: [
        { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: n.purl },
      ],
    })),
    relationships: nodes.flatMap((n, i) =>
      n.deps.map((d) => ({
        spdxElementId: spdxId(i),
        relationshipType: "DEPENDS_ON",
        relatedSpdxElement: spdxId(index.get(d)!),
      })),
    ),
  });
}

function spdxTagValue(nodes: Node[]): string {
  const index = new Map(nodes.map((n, i) => [n.purl, i]));
  const lines = ["SPDXVersion: SPDX-2.3", "SPDXID: SPDXRef-DOCUMENT"];
  nodes.forEach((n, i) => {
    lines.push(
      `PackageName: ${n.name}`,
      `SPDXID: ${spdxId(i)}`,
      `PackageVersion: ${n.version}`,
      `ExternalRef: PACKAGE-MANAGER purl ${n.purl}`,
    );
  });
  nodes.forEach((n, i) => {
    for (const d of n.deps) lines.push(`Relationship: ${spdxId(i)} DEPENDS_ON ${spdxId(index.get(d)!)}`);
  });
  return lines.join("\n");
}

console.log(`machine: ${cpus().length} cores, Node ${process.version}; median of ${RUNS} runs`);
const nodes = lockfileGraph();
const edges = nodes.reduce((sum, n) => sum + n.deps.length, 0);
console.log(`SBOMs built from dependency-track-frontend: ${nodes.length} packages, ${edges} edges`);
const dir = mkdtempSync(join(tmpdir(), "bulwark-bench-"));
try {
  for (const [label, file, text] of [
    ["CycloneDX JSON", "bom.cdx.json", cyclonedxJson(nodes)],
    ["CycloneDX XML", "bom.cdx.xml", cyclonedxXml(nodes)],
    ["SPDX JSON", "sbom.spdx.json", spdxJson(nodes)],
    ["SPDX tag-value", "sbom.spdx", spdxTagValue(nodes)],
  ] as const) {
    const { ms, cpuMs, heapMb } = time(() => readSbom(text, file));
    const count = readSbom(text, file).packages.length;
    const path = join(dir, file);
    writeFileSync(path, text);
    const cli: number[] = [];
    const cliCpu: number[] = [];
    let rssMb = 0;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const r = spawnSync(
        process.execPath,
        ["--import", RSS_PROBE, CLI_BIN, "inventory", "--sbom", path, "--format", "json"],
        {
          encoding: "utf8",
          maxBuffer: 64 * 2 ** 20,
        },
      );
      cli.push(performance.now() - started);
      rssMb = Math.max(rssMb, Number(/maxrss-kb:(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024);
      cliCpu.push(Number(/cpu-us:(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1000);
    }
    const kb = (statSync(path).size / 1024).toFixed(0);
    console.log(
      `${label} (${kb} KiB): readSbom ${ms.toFixed(1)} ms wall / ${cpuMs.toFixed(1)} ms CPU, heap +${heapMb.toFixed(0)} MB, ` +
        `${count} packages; \`bulwark inventory --sbom\` ${median(cli).toFixed(0)} ms wall / ${median(cliCpu).toFixed(0)} ms CPU ` +
        `end-to-end, peak RSS ${rssMb.toFixed(0)} MB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Every corpus fixture of these formats, each parsed by the extractor that matches its usual file name.
const formats: [string, string, string][] = [
  ["dotnet/packageslockjson/valid", "packages.lock.json", "packages.lock.json"],
  ["dart/pubspec", "mixed-packages.lock", "pubspec.lock"],
  ["erlang/mixlock", "many.lock", "mix.lock"],
  ["r/renvlock", "two-packages.lock", "renv.lock"],
  ["haskell/stacklock", "valid", "stack.yaml.lock"],
  ["haskell/cabal", "valid", "cabal.project.freeze"],
  ["swift/packageresolved", "valid", "Package.resolved"],
  ["swift/podfilelock", "valid", "Podfile.lock"],
  ["cpp/conanlock", "nested-dependencies.v1.json", "conan.lock"],
  ["misc/githubactions", "valid.yml", ".github/workflows/ci.yml"],
  ["julia/manifesttoml", "git-dependency-with-commit.toml", "Manifest.toml"],
];
const extractors = await loadAllExtractors();
for (const [folder, file, as] of formats) {
  const text = readFileSync(corpusPath("lockfiles", folder, file), "utf8");
  const extractor = extractors.find((e) => e.matches(as));
  if (!extractor) {
    console.log(`${as}: no extractor registered`);
    continue;
  }
  const input = { path: as, text, readFile: async () => undefined };
  const { cpuMs } = time(() => {
    for (let i = 0; i < 100; i++) extractor.extract(input);
    return true;
  });
  console.log(
    `${as} (${folder}/${file}, ${text.length} bytes): ${((cpuMs / 100) * 1000).toFixed(0)} µs CPU per parse`,
  );
}
