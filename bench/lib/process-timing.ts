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

/**
 * Runs any command once as a new process (through `sh`, whose `times` reports the CPU of the whole process tree
 * the command started, helpers included) and measures it. Peak RSS is not known this way (NaN).
 */
export function runCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): ProcessRun {
  const started = performance.now();
  const r = spawnSync("sh", ["-c", '"$0" "$@"; status=$?; times >&2; exit $status', command, ...args], {
    encoding: "utf8",
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  // `times` prints the shell's own user and system time, then its children's: "0m1.230000s 0m0.450000s".
  const children = r.stderr.trimEnd().split("\n").pop() ?? "";
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(children.trim());
  const cpuMs = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : Number.NaN;
  return { ms, status: r.status, rssMb: Number.NaN, cpuMs, stderr: r.stderr };
}

/** The current one-minute load average, for the figures a benchmark prints. */
export function loadAverage(): string {
  return loadavg()[0]?.toFixed(1) ?? "?";
}

/** The machine line every benchmark prints first. */
export function machineLine(runs: number): string {
  return `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}; ${runs} runs each`;
}
