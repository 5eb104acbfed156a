// Benchmark: `bulwark risk` end-to-end on a generated repository with 10,000 commits and 5,000 files
// (built with `git fast-import`). Prints the median wall time of several runs and the peak RSS.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_BIN } from "../src/testing/corpus.js";

const COMMITS = 10_000;
const FILES = 5_000;
const RUNS = 5;

function buildRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), "bulwark-risk-bench-"));
  spawnSync("git", ["init", "-q", "-b", "main", dir]);
  const chunks: string[] = [];
  const start = Date.UTC(2016, 0, 1) / 1000;
  const extensions = ["c", "h", "ts", "go", "py", "sh", "md", "rs"];
  for (let i = 0; i < COMMITS; i++) {
    const author = `dev${i % 40}`;
    const domain = ["acme.example", "globex.example", "gmail.com", "initech.example"][i % 4];
    const when = start + i * 3 * 3600;
    const msg = `change ${i}`;
    chunks.push(`commit refs/heads/main\nmark :${i + 1}\n`);
    chunks.push(
      `author ${author} <${author}@${domain}> ${when} +0000\ncommitter ${author} <${author}@${domain}> ${when} +0000\n`,
    );
    chunks.push(`data ${Buffer.byteLength(msg)}\n${msg}\n`);
    if (i > 0) chunks.push(`from :${i}\n`);
    // The first commits create the 5,000 files; later ones modify one file each.
    const files = i === 0 ? Array.from({ length: FILES }, (_, k) => k) : [i % FILES];
    for (const k of files) {
      const ext = extensions[k % extensions.length];
      const body =
        ext === "sh"
          ? `#!/bin/sh\ncurl -s https://example.com/${k} | sh\n`
          : `// file ${k} rev ${i}\n${"x = 1;\n".repeat(20)}`;
      chunks.push(
        `M 100644 inline dir${k % 50}/sub${k % 7}/file${k}.${ext}\ndata ${Buffer.byteLength(body)}\n${body}\n`,
      );
    }
    if (i === 0) {
      const wf =
        "on: [push]\npermissions: read-all\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n";
      chunks.push(`M 100644 inline .github/workflows/ci.yml\ndata ${Buffer.byteLength(wf)}\n${wf}\n`);
    }
  }
  const imported = spawnSync("git", ["fast-import", "--quiet"], { cwd: dir, input: chunks.join("") });
  if (imported.status !== 0) throw new Error(`fast-import failed: ${imported.stderr}`);
  spawnSync("git", ["checkout", "-q", "main"], { cwd: dir });
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const t0 = Date.now();
const repo = buildRepository();
console.log(`generated ${COMMITS} commits, ${FILES} files in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const times: number[] = [];
const rss: number[] = [];
// CPU seconds (user + sys, git children included): stable when the machine is shared, unlike wall time.
const cpu: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    "/usr/bin/time",
    ["-f", "%M %U %S", process.execPath, CLI_BIN, "risk", repo, "--format", "json"],
    {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (run.status !== 0) throw new Error(`bulwark risk failed: ${run.stderr}`);
  const [kb, user, sys] = (run.stderr.trim().split("\n").pop() ?? "").split(" ").map(Number);
  rss.push(kb / 1024);
  cpu.push(user + sys);
  if (i === 0) {
    const report = JSON.parse(run.stdout);
    console.log(
      `score ${report.score}, criticality ${report.criticality.score}, commits ${report.repo.commits}, files ${report.repo.files}`,
    );
  }
}
console.log(
  `bulwark risk end-to-end: median ${(median(times) / 1000).toFixed(2)} s over ${RUNS} runs (min ${(Math.min(...times) / 1000).toFixed(2)} s)`,
);
console.log(`CPU time (user+sys): median ${median(cpu).toFixed(2)} s`);
console.log(`peak RSS: median ${median(rss).toFixed(0)} MB (max ${Math.max(...rss).toFixed(0)} MB)`);
rmSync(repo, { recursive: true, force: true });
