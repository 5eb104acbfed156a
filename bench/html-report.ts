// The HTML report with about 5,000 real findings, timed in Debian's Chromium (playwright-core): file size and
// render time in Node, then in the browser the page's own clock from navigation start (first paint, DOM ready,
// load, first moment an input could be handled), and each filter keystroke, severity toggle and sort until
// the next frame is painted. Prints figures; never asserts. Needs /usr/bin/chromium
// (node scripts/ensure-chromium.mjs).
//
// The findings are real: the corpus projects and every lockfile fixture of corpus/lockfiles scanned against
// all corpus OSV records (~600 findings), plus the releases that osv.dev enumerated as affected in the PyPI,
// GHSA and npm records (each record's first and last listed version of each package) scanned as one more
// inventory, whole packages taken in order until 5,000 findings are reached.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseOsvDocument } from "../src/advisories/index.js";
import { allExtractors } from "../src/ecosystems/index.js";
import { newPackage } from "../src/ecosystems/new-package.js";
import type { Finding, ScanResult } from "../src/model/finding.js";
import type { Package } from "../src/model/package.js";
import { renderHtml } from "../src/report/html.js";
import { coverageOf, scan, scanInventory, severityRank } from "../src/scan/index.js";
import { CHROMIUM_PATH, launchBrowser } from "../src/testing/browser.js";
import { corpusPath } from "../src/testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../src/testing/corpus-advisories.js";
import { machineLine, median } from "./lib/process-timing.js";

const TARGET_FINDINGS = 5_000;
const RUNS = 5;

/** Every lockfile fixture of corpus/lockfiles that its expected.json lists as readable, with its format. */
async function lockfileFixtures(): Promise<{ format: string; path: string }[]> {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const formats = new Map(allExtractors().map((e) => [norm(e.format), e.format]));
  const out = new Map<string, { format: string; path: string }>();
  const root = corpusPath("lockfiles");
  for (const lang of await readdir(root)) {
    for (const folder of await readdir(join(root, lang))) {
      const format = formats.get(norm(folder));
      const expected = join(root, lang, folder, "expected.json");
      if (!format || !existsSync(expected)) continue;
      const suite = JSON.parse(await readFile(expected, "utf8"));
      for (const c of suite.cases ?? []) {
        if (!c.expectError && typeof c.fixture === "string") {
          const path = join(root, lang, folder, c.fixture);
          out.set(path, { format, path });
        }
      }
    }
  }
  return [...out.values()];
}

/** Releases osv.dev enumerated as affected: the first and last listed version per record and package. */
async function enumeratedReleases(): Promise<Package[]> {
  const seen = new Map<string, Package>();
  for (const folder of ["pypi", "ghsa-and-others", "npm-ghsa"]) {
    const dir = corpusPath("osv", folder);
    for (const entry of await readdir(dir, { recursive: true })) {
      if (!/\.(json|ya?ml)$/.test(entry)) continue;
      const file = join(dir, entry);
      for (const record of parseOsvDocument(await readFile(file, "utf8"), file).records) {
        for (const affected of record.affected ?? []) {
          const versions = affected.versions ?? [];
          const pkg = affected.package;
          if (!pkg || versions.length === 0 || pkg.ecosystem.includes(":")) continue;
          for (const version of new Set([versions[0], versions[versions.length - 1]])) {
            if (version === undefined) continue;
            const key = `${pkg.ecosystem}\u0000${pkg.name}\u0000${version}`;
            if (!seen.has(key))
              seen.set(key, newPackage({ ecosystem: pkg.ecosystem, name: pkg.name, version, direct: true }));
          }
        }
      }
    }
  }
  return [...seen.values()];
}

/** ~5,000 real findings in one ScanResult, with coverage from the real inventory and database. */
async function bigResult(db: CorpusAdvisories): Promise<ScanResult> {
  const fixtures = await lockfileFixtures();
  const real = await scan({ paths: [corpusPath("projects")], lockfiles: fixtures }, db.reader);
  const releases = await enumeratedReleases();
  const extra = await scanInventory({ packages: releases, sources: [], errors: [] }, db.reader, {
    config: { ignores: [] },
    vex: [],
    now: new Date(),
  });
  const findings: Finding[] = [...real.findings];
  const taken = new Set<string>(real.findings.map((f) => f.package.purl));
  const byPurl = new Map<string, Finding[]>();
  for (const f of extra.findings) byPurl.set(f.package.purl, [...(byPurl.get(f.package.purl) ?? []), f]);
  for (const [purl, list] of [...byPurl].sort(([a], [b]) => a.localeCompare(b))) {
    if (findings.length >= TARGET_FINDINGS) break;
    if (taken.has(purl)) continue;
    taken.add(purl);
    findings.push(...list);
  }
  findings.sort(
    (a, b) =>
      severityRank(a.severity.rating) - severityRank(b.severity.rating) ||
      (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
      a.package.name.localeCompare(b.package.name),
  );
  const packages = [...real.packages, ...releases.filter((p) => taken.has(p.purl))];
  return {
    ...real,
    targets: [corpusPath("projects"), corpusPath("lockfiles"), corpusPath("osv")],
    coverage: coverageOf({ packages, sources: [], errors: [] }, await db.reader.status()),
    findings,
    packages,
    inventory: { ...real.inventory, packages: packages.length },
    remediation: [
      ...real.remediation,
      ...extra.remediation.filter(
        (r) => taken.has(r.package.purl) && !real.findings.some((f) => f.package.purl === r.package.purl),
      ),
    ],
  };
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

/**
 * CPU time (user + system, ms) of the processes this one started (the browser's), from /proc: unlike the
 * page's clock it barely depends on what else the machine runs. `renderer` is the pages' own processes
 * (parsing, style, layout, script); `total` adds the browser and GPU processes. NaN where /proc is missing.
 */
function browserCpuMs(): { renderer: number; total: number } {
  if (!existsSync("/proc/self/stat")) return { renderer: Number.NaN, total: Number.NaN };
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15).
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === process.pid) return true;
    return false;
  };
  let renderer = 0;
  let total = 0;
  for (const [pid, t] of ticks) {
    if (!isOurs(pid)) continue;
    total += t;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer")) renderer += t;
    } catch {
      // Ended meanwhile.
    }
  }
  return { renderer: renderer * 10, total: total * 10 }; // USER_HZ is 100 on Linux
}

// Runs in the page: the next painted frame after `act` (two animation frames: the first runs the page's
// scheduled work, the second comes after its layout and paint).
const NEXT_FRAME = "new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))";

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`skipped: ${CHROMIUM_PATH} is missing (run node scripts/ensure-chromium.mjs as root)`);
    return;
  }
  console.log(machineLine(RUNS));
  const db = await buildCorpusDatabase();
  const session = await launchBrowser();
  try {
    let t = performance.now();
    const result = await bigResult(db);
    const packages = new Set(result.findings.map((f) => f.package.purl)).size;
    console.log(
      `${result.findings.length} real findings in ${packages} packages (built in ${ms(performance.now() - t)})`,
    );
    const renders: number[] = [];
    let html = "";
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      html = renderHtml(result);
      renders.push(performance.now() - t);
    }
    // Kept for a look in a browser.
    const file = join(tmpdir(), "bulwark-html-report-bench.html");
    await writeFile(file, html);
    console.log(
      `renderHtml: median ${ms(median(renders))}; ${(Buffer.byteLength(html) / 1e6).toFixed(1)} MB, written to ${file}`,
    );

    const load: Record<string, number[]> = { paint: [], dom: [], load: [], input: [] };
    const cpu: number[] = [];
    const rendererCpu: number[] = [];
    const keys: number[] = [];
    const toggles: number[] = [];
    const sorts: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const page = await session.newPage({ width: 1280, height: 900 });
      try {
        const before = browserCpuMs();
        await page.goto(pathToFileURL(file).href);
        await page.evaluate(NEXT_FRAME);
        const after = browserCpuMs();
        cpu.push(after.total - before.total);
        rendererCpu.push(after.renderer - before.renderer);
        const m = await page.evaluate<Record<string, number>>(`(async () => {
          const nav = performance.getEntriesByType("navigation")[0];
          const paint = performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint");
          const input = await new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()))));
          return { paint: paint ? paint.startTime : NaN, dom: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, input };
        })()`);
        for (const k of Object.keys(load)) load[k]?.push(m[k] ?? Number.NaN);
        const typed = await page.evaluate<number[]>(`(async () => {
          const s = document.getElementById("search"), out = [];
          for (const q of ["j", "ja", "jac", "jack", "jacks", "jackson", "", "g", "gh", "ghsa", "ghsa-", "", "cve-2021", ""]) {
            const t = performance.now();
            s.value = q; s.dispatchEvent(new Event("input", { bubbles: true }));
            await ${NEXT_FRAME};
            out.push(performance.now() - t);
          }
          return out;
        })()`);
        keys.push(...typed);
        const toggled = await page.evaluate<number[]>(`(async () => {
          const out = [];
          for (const box of [...document.querySelectorAll('input[name="sev"]'), document.getElementById("f-fixable"), document.getElementById("f-direct")]) {
            for (let i = 0; i < 2; i++) {
              const t = performance.now();
              box.click();
              await ${NEXT_FRAME};
              out.push(performance.now() - t);
            }
          }
          return out;
        })()`);
        toggles.push(...toggled);
        const sorted = await page.evaluate<number[]>(`(async () => {
          const sel = document.getElementById("sort"), out = [];
          for (const v of ["n", "v", "f", "c", "s"]) {
            const t = performance.now();
            sel.value = v; sel.dispatchEvent(new Event("change", { bubbles: true }));
            await ${NEXT_FRAME};
            out.push(performance.now() - t);
          }
          return out;
        })()`);
        sorts.push(...sorted);
        if (page.consoleErrors.length > 0 || page.offOriginRequests.length > 0)
          console.log(`page problems: ${[...page.consoleErrors, ...page.offOriginRequests].join("; ")}`);
      } finally {
        await page.close();
      }
    }
    const line = (label: string, values: number[]) =>
      `${label.padEnd(44)} median ${ms(median(values)).padStart(7)}  max ${ms(Math.max(...values)).padStart(7)}`;
    console.log(`Chromium, 1280 × 900, ${RUNS} loads (times from navigation start, the page's own clock):`);
    console.log(line("first contentful paint", load.paint ?? []));
    console.log(line("DOMContentLoaded (script ran, controls live)", load.dom ?? []));
    console.log(line("load event", load.load ?? []));
    console.log(line("first input could be handled", load.input ?? []));
    console.log(line("CPU time to load and paint: renderer", rendererCpu));
    console.log(line("CPU time to load and paint: all processes", cpu));
    console.log(line(`filter keystroke to painted frame (${keys.length})`, keys));
    console.log(line(`severity/fixable/direct toggle (${toggles.length})`, toggles));
    console.log(line(`sort change to painted frame (${sorts.length})`, sorts));
  } finally {
    await session.close();
    db.cleanup();
  }
}

await main();
