import type { CheckDefinition } from "../check.js";
import { mapConcurrent, READ_CONCURRENCY } from "../concurrent.js";
import { baseImages, parseDockerfile, runScript } from "../parse/dockerfile.js";
import { nugetLocking } from "../parse/dotnet.js";
import type { PackageManagerContext } from "../parse/package-managers.js";
import { DownloadTracker, scriptDependencies } from "../parse/shell-dependencies.js";
import { actionReferences, stepShell, type Workflow } from "../parse/workflow.js";
import { findLine } from "../parse/yaml-lines.js";
import { fileName, isTestFixturePath, isVendoredPath } from "../paths.js";
import type { Repository } from "../repository.js";
import { notEvaluated, type ProbeFinding, scored } from "../types.js";

const PROBE = "pinsDependencies";
const SHA = /^[0-9a-f]{40}$/i;
/** Shells whose scripts we can read: sh, bash, mksh, also given as a path (/bin/sh) or with options. */
const SHELLS = /^(\S*\/)?(sh|bash|mksh)(\s|$)/;

/** A dependency-type group's tally, weighted into the score as Scorecard does. */
interface Tally {
  pinned: number;
  total: number;
}

function dependency(
  type: string,
  pinned: boolean,
  path: string,
  line: number,
  text: string,
  note?: string,
): ProbeFinding {
  return {
    probe: PROBE,
    outcome: pinned ? "positive" : "negative",
    message: pinned
      ? `${type} pinned${note ? ` (${note})` : ""}: ${text}`
      : `${type} not pinned by hash: ${text}`,
    location: { path, line },
    values: { dependencyType: type },
  };
}

/** GitHub-owned actions (actions/*, github/*) weigh less than third-party ones in the score. */
function actionType(uses: string): string {
  return /^(actions|github)\//i.test(uses) ? "GitHubOwnedAction" : "ThirdPartyAction";
}

function workflowDependencies(workflow: Workflow, context: PackageManagerContext): ProbeFinding[] {
  const found: ProbeFinding[] = [];
  for (const { uses, line } of actionReferences(workflow)) {
    if (uses.startsWith("./") || uses.startsWith("docker://")) continue;
    const ref = uses.split("@")[1] ?? "";
    found.push(dependency(actionType(uses), SHA.test(ref), workflow.path, line, uses));
  }
  for (const job of workflow.jobs) {
    // Steps of a job share a runner: a file downloaded in one step and run in a later one is tracked.
    const tracker = new DownloadTracker(context);
    for (const step of job.steps) {
      if (step.run === undefined || !SHELLS.test(stepShell(job, step))) continue;
      const runLine = findLine(workflow.text, "run:", step.line);
      const block = /run:\s*[|>][-+]?\s*$/.test(workflow.text.split("\n")[runLine - 1] ?? "");
      const firstLine = block ? runLine + 1 : runLine;
      // Expressions are substituted by the runner before the shell sees them; keep them as one word.
      const script = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, "EXPR");
      for (const dep of scriptDependencies(script, tracker)) {
        found.push(
          dependency(dep.type, dep.pinned, workflow.path, firstLine + dep.line - 1, dep.command, dep.note),
        );
      }
    }
  }
  return found;
}

function dockerfileDependencies(path: string, text: string, context: PackageManagerContext): ProbeFinding[] {
  const found: ProbeFinding[] = [];
  const instructions = parseDockerfile(text);
  for (const image of baseImages(instructions)) {
    found.push(dependency("containerImage", image.pinned, path, image.line, `FROM ${image.image}`));
  }
  const tracker = new DownloadTracker(context);
  for (const ins of instructions) {
    if (ins.keyword !== "RUN") continue;
    for (const dep of scriptDependencies(runScript(ins.args), tracker)) {
      found.push(dependency(dep.type, dep.pinned, path, ins.line + dep.line - 1, dep.command, dep.note));
    }
  }
  return found;
}

function isDockerfile(path: string): boolean {
  const name = fileName(path).toLowerCase();
  return name.startsWith("dockerfile") || name.endsWith(".dockerfile");
}

/** Shell scripts by extension, or by a sh/bash/mksh shebang for files without an extension. */
async function isShellScript(repo: Repository, path: string): Promise<boolean> {
  const name = fileName(path);
  if (/\.(sh|bash|mksh)$/i.test(name)) return true;
  if (name.includes(".")) return false;
  const head = await repo.readHead(path, 128);
  if ("error" in head) return false;
  const first = head.data.toString("utf8").split("\n")[0];
  return /^#!\s*(\S*\/)?(env\s+)?(sh|bash|mksh)\b/.test(first);
}

/** Whether NuGet restores are locked by the repository's project files; unreadable ones become errors. */
async function packageManagerContext(
  repo: Repository,
  findings: ProbeFinding[],
): Promise<PackageManagerContext> {
  const projects = repo.filter(
    (p) => /\.csproj$|(^|\/)Directory\.Packages\.props$/i.test(p) && !isTestFixturePath(p),
  );
  if (projects.length === 0) return {};
  const files: { path: string; content: string }[] = [];
  for (const { path } of projects) {
    const read = await repo.readText(path);
    if ("error" in read)
      findings.push({ probe: PROBE, outcome: "error", message: read.error, location: { path } });
    else files.push({ path, content: read.text });
  }
  const locking = nugetLocking(files);
  for (const e of locking.errors) {
    findings.push({ probe: PROBE, outcome: "error", message: e.message, location: { path: e.path } });
  }
  return { nugetRestoreLocked: locking.restoreLocked };
}

/** Probe: every dependency fetched by workflows, Dockerfiles and shell scripts, pinned or not. */
export async function pinnedDependenciesProbe(repo: Repository): Promise<ProbeFinding[]> {
  const findings: ProbeFinding[] = [];
  const context = await packageManagerContext(repo, findings);
  for (const workflow of (await repo.workflows()).workflows)
    findings.push(...workflowDependencies(workflow, context));
  const candidates = repo.files.filter(
    (f) => !isVendoredPath(f.path) && !isTestFixturePath(f.path) && !f.path.startsWith(".github/workflows/"),
  );
  const perFile = await mapConcurrent(candidates, READ_CONCURRENCY, async (file): Promise<ProbeFinding[]> => {
    const docker = isDockerfile(file.path);
    if (!docker && !(await isShellScript(repo, file.path))) return [];
    const read = await repo.readText(file.path);
    if ("error" in read)
      return [{ probe: PROBE, outcome: "error", message: read.error, location: { path: file.path } }];
    return docker
      ? dockerfileDependencies(file.path, read.text, context)
      : scriptDependencies(read.text, new DownloadTracker(context)).map((d) =>
          dependency(d.type, d.pinned, file.path, d.line, d.command, d.note),
        );
  });
  for (const found of perFile) findings.push(...found);
  return findings;
}

/**
 * Scorecard's weighting: each dependency type present contributes its pinned proportion with weight 10;
 * GitHub-owned and third-party actions share that weight 2:8 when both are present.
 */
export function pinningScore(findings: ProbeFinding[]): number | undefined {
  const tallies = new Map<string, Tally>();
  for (const f of findings) {
    if (f.outcome === "error" || f.outcome === "not-applicable") continue;
    const type = String(f.values?.dependencyType ?? "unknown");
    const t = tallies.get(type) ?? { pinned: 0, total: 0 };
    t.total++;
    if (f.outcome === "positive" || f.suppressed) t.pinned++;
    tallies.set(type, t);
  }
  if (tallies.size === 0) return undefined;
  const groups: { tally: Tally; weight: number }[] = [];
  const gh = tallies.get("GitHubOwnedAction");
  const third = tallies.get("ThirdPartyAction");
  if (gh && third) groups.push({ tally: gh, weight: 2 }, { tally: third, weight: 8 });
  else if (gh || third) groups.push({ tally: (gh ?? third)!, weight: 10 });
  for (const [type, tally] of tallies) {
    if (type !== "GitHubOwnedAction" && type !== "ThirdPartyAction") groups.push({ tally, weight: 10 });
  }
  const weights = groups.reduce((n, g) => n + g.weight, 0);
  const sum = groups.reduce((n, g) => n + (10 * g.weight * g.tally.pinned) / g.tally.total, 0);
  return Math.floor(sum / weights);
}

/** Pinned-Dependencies (Medium): actions by SHA, images by digest, no unverified download-then-run or floating installs. */
export const pinnedDependencies: CheckDefinition = {
  name: "Pinned-Dependencies",
  risk: "Medium",
  description: "dependencies pinned by hash in workflows, Dockerfiles and scripts",
  async run(ctx) {
    const { errors } = await ctx.repo.workflows();
    const findings = ctx.suppress(await pinnedDependenciesProbe(ctx.repo));
    const score = pinningScore(findings);
    const all = [...findings, ...errors];
    if (score === undefined)
      return notEvaluated(
        "no dependencies found in workflows, Dockerfiles or scripts",
        all,
        "not-applicable",
      );
    const unpinned = findings.filter((f) => f.outcome === "negative" && !f.suppressed).length;
    return scored(
      score,
      unpinned === 0 ? "all dependencies are pinned" : `${unpinned} dependencies not pinned by hash`,
      all,
    );
  },
};
