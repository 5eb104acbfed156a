// Shared by the benchmarks that time the real CLI as a fresh process.
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { CLI_BIN } from "../../src/testing/corpus.js";

// Prints the child's peak RSS (kB on Linux) and CPU time (µs, user + system) when it exits. CPU time barely
// depends on what else the machine runs, so it is the figure to compare when the machine is busy.
const PROBE = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("maxrss-kb:"+u.maxRSS+" cpu-us:"+(u.userCPUTime+u.systemCPUTime)+"\\n")})`;

export interface ProcessRun {
  ms: number;
  status: number | null;
  rssMb: number;
  cpuMs: number;
  stderr: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs `bulwark ARGS` once as a new process and measures it. */
export function runCli(args: string[]): ProcessRun {
  const started = performance.now();
  const r = spawnSync(process.execPath, ["--import", PROBE, CLI_BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const m = /maxrss-kb:(\d+) cpu-us:(\d+)/.exec(r.stderr);
  return {
    ms: performance.now() - started,
    status: r.status,
    rssMb: m ? Number(m[1]) / 1024 : Number.NaN,
    cpuMs: m ? Number(m[2]) / 1000 : Number.NaN,
    stderr: r.stderr,
  };
}

/** The machine line every benchmark prints first. */
export function machineLine(runs: number): string {
  return `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}; ${runs} runs each`;
}
