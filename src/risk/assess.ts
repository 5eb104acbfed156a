import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { AdvisoryReader } from "../advisories/ports.js";
import { CONFIG_FILE_NAME, loadBulwarkToml } from "../config/bulwark-toml.js";
import { throwIfAborted } from "../model/errors.js";
import type { CheckContext, CheckDefinition } from "./check.js";
import { CHECKS, findCheck } from "./checks/index.js";
import { assessCriticality, type CriticalityResult } from "./criticality.js";
import { RiskError } from "./errors.js";
import { type BaseEnvironment, gitRunner } from "./git.js";
import { type HistoryResult, readHistory } from "./history.js";
import { assessLanguages, type LanguageReport } from "./languages.js";
import { Repository } from "./repository.js";
import { gitScope, scopeWarning } from "./scope.js";
import { applySuppressions, type Suppression } from "./suppressions.js";
import { type CheckResult, RISK_WEIGHTS } from "./types.js";

/** What to assess and how. */
export interface RiskOptions {
  /** Local path of the repository (a URL is cloned first by `cloneRepository`). */
  path: string;
  /** Check names to run (default: all). Unknown names are a RiskError. */
  checks?: string[];
  /** Criticality signals the clone cannot give (from `--signals FILE`). */
  signals?: Record<string, number>;
  /** Advisories for the Vulnerabilities check (not evaluated without). */
  advisories?: AdvisoryReader;
  /** Reference time (default: now). */
  now?: Date;
  /** Where the repository came from, when cloned from a URL (shown as given: mask credentials first). */
  url?: string;
  /** The environment git starts from (the CLI passes process.env); omitted, git inherits the host's. */
  env?: BaseEnvironment;
  /** Stops the assessment between checks and any git command running. */
  signal?: AbortSignal;
}

/** The whole assessment, in the JSON shape `bulwark risk --format json` prints. */
export interface RiskReport {
  repo: {
    path: string;
    url?: string;
    git: boolean;
    files: number;
    commits: number | null;
    shallow: boolean;
    head?: string;
    /** Set when `path` is a folder inside a larger git repository: that repository's top folder. */
    enclosingRepository?: string;
    /** The folder's path inside `enclosingRepository`; history is limited to commits touching it. */
    folder?: string;
  };
  /** Risk-weighted mean of the evaluated checks (0–10, one decimal); null when none was evaluated. */
  score: number | null;
  checks: CheckResult[];
  criticality: CriticalityResult;
  languages: LanguageReport;
  /** Problems with the inputs that did not stop the assessment (bad bulwark.toml, unreadable files). */
  warnings: string[];
}

/** Risk-weighted mean (Critical 10, High 7.5, Medium 5, Low 2.5) over evaluated checks, one decimal. */
export function aggregateScore(checks: CheckResult[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of checks) {
    if (c.score === null) continue;
    sum += RISK_WEIGHTS[c.risk] * c.score;
    weights += RISK_WEIGHTS[c.risk];
  }
  return weights === 0 ? null : Math.round((sum / weights) * 10) / 10;
}

function selectChecks(names: string[] | undefined): readonly CheckDefinition[] {
  if (!names || names.length === 0) return CHECKS;
  return names.map((name) => {
    const check = findCheck(name);
    if (!check) {
      throw new RiskError(`unknown check "${name}"`, {
        hint: `use one or more of: ${CHECKS.map((c) => c.name).join(", ")}`,
      });
    }
    return check;
  });
}

/**
 * The `[[risk.suppress]]` entries of the folder's bulwark.toml (one schema and one error policy for every
 * command: an invalid file is a ConfigError, never silently ignored); unknown check names are warnings.
 */
async function loadSuppressions(root: string, warnings: string[]): Promise<Suppression[]> {
  const file = join(root, CONFIG_FILE_NAME);
  const suppressions = (await loadBulwarkToml(file, false))?.risk?.suppress ?? [];
  for (const s of suppressions) {
    if (!findCheck(s.check))
      warnings.push(`${file}: suppression for unknown check "${s.check}" has no effect`);
  }
  return suppressions;
}

/**
 * Assesses a local repository: runs the selected checks (probes → score or not-evaluated with reason),
 * aggregates them, computes criticality from git history (+ supplied signals) and the language
 * composition. A check that throws becomes not-evaluated with the error, never a crashed run.
 */
export async function assessRisk(options: RiskOptions): Promise<RiskReport> {
  const root = resolve(options.path);
  const isDirectory = await stat(root).then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new RiskError(`no directory at ${root}`, {
      details: { path: root },
      hint: "give the path of a local clone or a git URL",
    });
  }
  const selected = selectChecks(options.checks);
  const now = options.now ?? new Date();
  const warnings: string[] = [];
  const git = gitRunner(options.env, options.signal);
  const scope = await gitScope(root, git);
  const repo = await Repository.open(root, { git, scope });
  for (const u of repo.unreadable) warnings.push(`cannot read ${u.path}: ${u.error}`);
  const suppressions = await loadSuppressions(root, warnings);
  let historyPromise: Promise<HistoryResult> | undefined;
  const history = () => {
    historyPromise ??= readHistory(root, { git, scope });
    return historyPromise;
  };
  const checks: CheckResult[] = [];
  for (const check of selected) {
    throwIfAborted(options.signal, "the risk assessment");
    const ctx: CheckContext = {
      repo,
      history,
      now,
      advisories: options.advisories,
      suppress: (findings) => applySuppressions(check.name, findings, suppressions),
    };
    try {
      const verdict = await check.run(ctx);
      checks.push({
        name: check.name,
        risk: check.risk,
        status: verdict.score === null ? "not-evaluated" : "evaluated",
        score: verdict.score,
        reason: verdict.reason,
        findings: verdict.findings,
      });
    } catch (error) {
      checks.push({
        name: check.name,
        risk: check.risk,
        status: "not-evaluated",
        score: null,
        reason: `check failed: ${(error as Error).message}`,
        findings: [{ probe: check.name, outcome: "error", message: (error as Error).message }],
      });
    }
  }
  const [hist, languages] = await Promise.all([history(), assessLanguages(repo)]);
  throwIfAborted(options.signal, "the risk assessment");
  const head = hist.available ? (await git(root, ["rev-parse", "HEAD"])).stdout.trim() : undefined;
  const inside = scope.kind === "folder" || scope.kind === "ignored";
  const scopeNote = scopeWarning(root, scope, hist.available ? hist.commits.length : null);
  if (scopeNote) warnings.unshift(scopeNote);
  return {
    repo: {
      path: root,
      url: options.url,
      git: repo.isGitWorkTree,
      files: repo.files.length,
      commits: hist.available ? hist.commits.length : null,
      shallow: hist.available ? hist.shallow : false,
      head,
      enclosingRepository: inside ? scope.top : undefined,
      folder: inside ? scope.folder : undefined,
    },
    score: aggregateScore(checks),
    checks,
    criticality: assessCriticality(hist, now, options.signals),
    languages,
    warnings,
  };
}
