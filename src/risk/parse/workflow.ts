import { findLine, parseYamlWithLines } from "./yaml-lines.js";

/** One step of a GitHub Actions job. */
export interface WorkflowStep {
  line: number;
  name?: string;
  uses?: string;
  run?: string;
  with: Record<string, unknown>;
  shell?: string;
}

/** One job: its id, permissions block as written (undefined when absent), runner and steps. */
export interface WorkflowJob {
  id: string;
  line: number;
  permissions: unknown;
  runsOn: unknown;
  /** A reusable workflow the job calls (`jobs.<id>.uses`). */
  uses?: string;
  steps: WorkflowStep[];
  /** `defaults.run.shell` of the job, else of the workflow. */
  defaultShell?: string;
  /** Runner labels, with `${{ matrix.x }}` expanded to the matrix values (each value one candidate runner). */
  runners: { labels: string[] }[];
}

/** A parsed GitHub Actions workflow with enough structure for the checks, and the text for line lookups. */
export interface Workflow {
  path: string;
  text: string;
  triggers: string[];
  /** Top-level `permissions` as written; undefined when absent. */
  permissions: unknown;
  hasPermissionsKey: boolean;
  jobs: WorkflowJob[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function triggersOf(on: unknown): string[] {
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((t): t is string => typeof t === "string");
  if (isRecord(on)) return Object.keys(on);
  return [];
}

function defaultShellOf(defaults: unknown): string | undefined {
  if (!isRecord(defaults) || !isRecord(defaults.run)) return undefined;
  return typeof defaults.run.shell === "string" ? defaults.run.shell : undefined;
}

/** Candidate runners of a job: one per matrix value when `runs-on` names a matrix variable. */
function runnersOf(runsOn: unknown, strategy: unknown): { labels: string[] }[] {
  const labels = (typeof runsOn === "string" ? [runsOn] : Array.isArray(runsOn) ? runsOn : []).map(String);
  const matrixRef = labels.map((l) => /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(l.trim())?.[1]).find(Boolean);
  if (!matrixRef || !isRecord(strategy) || !isRecord(strategy.matrix)) return [{ labels }];
  const matrix = strategy.matrix;
  const values: string[] = [];
  if (Array.isArray(matrix[matrixRef])) values.push(...(matrix[matrixRef] as unknown[]).map(String));
  if (Array.isArray(matrix.include)) {
    for (const entry of matrix.include)
      if (isRecord(entry) && entry[matrixRef] !== undefined) values.push(String(entry[matrixRef]));
  }
  return values.length > 0 ? values.map((v) => ({ labels: [v] })) : [{ labels }];
}

/**
 * The shell a `run:` step uses: its own `shell`, the job's or workflow's default, else the runner's default
 * (pwsh on Windows runners, bash elsewhere). A job whose matrix mixes Windows and other runners runs bash too.
 */
export function stepShell(job: WorkflowJob, step: WorkflowStep): string {
  const explicit = step.shell ?? job.defaultShell;
  if (explicit) return explicit;
  const windows = (r: { labels: string[] }) => r.labels.some((l) => l.toLowerCase().includes("windows"));
  return job.runners.length > 0 && job.runners.every(windows) ? "pwsh" : "bash";
}

/**
 * Parses a workflow file. Throws (with the file's line in js-yaml's message) when the YAML is malformed,
 * and a plain Error when it is YAML but not a workflow (no `jobs` mapping).
 */
export function parseWorkflow(path: string, text: string): Workflow {
  const { value, lineOf } = parseYamlWithLines(text);
  if (!isRecord(value)) throw new Error("not a workflow: the document is not a mapping");
  const jobsValue = value.jobs;
  if (!isRecord(jobsValue)) throw new Error("not a workflow: no `jobs` mapping");
  const jobs: WorkflowJob[] = [];
  const workflowShell = defaultShellOf(value.defaults);
  for (const [id, job] of Object.entries(jobsValue)) {
    if (!isRecord(job)) continue;
    const jobLine = lineOf(job) ?? findLine(text, `${id}:`);
    const steps: WorkflowStep[] = [];
    if (Array.isArray(job.steps)) {
      for (const step of job.steps) {
        if (!isRecord(step)) continue;
        steps.push({
          line: lineOf(step) ?? jobLine,
          name: typeof step.name === "string" ? step.name : undefined,
          uses: typeof step.uses === "string" ? step.uses : undefined,
          run: typeof step.run === "string" ? step.run : undefined,
          with: isRecord(step.with) ? step.with : {},
          shell: typeof step.shell === "string" ? step.shell : undefined,
        });
      }
    }
    jobs.push({
      id,
      line: jobLine,
      permissions: job.permissions,
      runsOn: job["runs-on"],
      uses: typeof job.uses === "string" ? job.uses : undefined,
      steps,
      defaultShell: defaultShellOf(job.defaults) ?? workflowShell,
      runners: runnersOf(job["runs-on"], job.strategy),
    });
  }
  return {
    path,
    text,
    triggers: triggersOf(value.on),
    permissions: value.permissions,
    hasPermissionsKey: "permissions" in value,
    jobs,
  };
}

/** Every `uses:` of a workflow (steps and reusable-workflow jobs) with its line. */
export function actionReferences(workflow: Workflow): { uses: string; line: number }[] {
  const refs: { uses: string; line: number }[] = [];
  for (const job of workflow.jobs) {
    if (job.uses) refs.push({ uses: job.uses, line: findLine(workflow.text, job.uses, job.line) });
    for (const step of job.steps) {
      if (step.uses) refs.push({ uses: step.uses, line: findLine(workflow.text, step.uses, step.line) });
    }
  }
  return refs;
}
