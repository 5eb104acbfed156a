import type { Command } from "commander";
import type { ScanResult } from "../../model/finding.js";
import { collect, UsageError } from "../io.js";
import { advisoryDatabasePath } from "./db-kev.js";

/** `--sort` orders of the scan's findings. */
const SORTS = ["severity", "priority"] as const;

/** The flags of `bulwark scan` that prioritisation and policies add. */
export interface PriorityFlags {
  sort: string;
  policy?: string;
  tag?: string[];
  riskReport?: string[];
}

/** Adds --sort, --tag, --policy and --risk-report to `bulwark scan`. */
export function addPriorityFlags(command: Command): Command {
  return command
    .option(
      "--sort <ORDER>",
      `order of the findings: ${SORTS.join("|")} (priority: docs/prioritisation.md)`,
      "severity",
    )
    .option(
      "--tag <TAG>",
      "a tag of the project for its priority and policies, e.g. internet-facing (repeatable)",
      collect,
    )
    .option(
      "--policy <FILE>",
      "evaluate a policy file (docs/policies.md): report violations, exit 1 on a fail",
    )
    .option(
      "--risk-report <FILE>",
      "the project's `bulwark risk --format json` report, for risk_below rules (repeatable)",
      collect,
    );
}

/**
 * Gives every finding its priority (KEV and EPSS from the advisory database, when imported), orders them
 * when asked, and evaluates the policy. Returns the policy's exit code (1 on a `fail` violation), or
 * undefined without --policy.
 */
export async function prioritiseAndCheck(
  result: ScanResult,
  flags: PriorityFlags,
  db: string | undefined,
): Promise<number | undefined> {
  if (!(SORTS as readonly string[]).includes(flags.sort))
    throw new UsageError(`unknown --sort order "${flags.sort}"`, { hint: `use one of: ${SORTS.join(", ")}` });
  const { exploitFactsFor, NO_EXPLOIT_FACTS, openSqliteExploitStore, prioritiseFindings } = await import(
    "../../prioritise/index.js"
  );
  const { hasCode } = await import("../../model/errors.js");
  let exploits = NO_EXPLOIT_FACTS;
  try {
    const store = await openSqliteExploitStore(await advisoryDatabasePath(db), "read");
    try {
      exploits = await exploitFactsFor(store, result.findings);
    } finally {
      await store.close();
    }
  } catch (error) {
    if (!hasCode(error, "ADVISORY_DB_MISSING", "ADVISORY_DB_UNUSABLE")) throw error;
    result.warnings.push(`no KEV or EPSS data could be read: ${(error as Error).message}`);
  }
  const tags = flags.tag ?? [];
  const prioritised = prioritiseFindings(result.findings, result.packages, exploits, tags);
  if (flags.sort === "priority") result.findings = prioritised;
  if (!flags.policy) return undefined;
  const { evaluatePolicy, loadPolicy, riskScoreFromReport } = await import("../../policy/index.js");
  const policy = await loadPolicy(flags.policy);
  const { readFile } = await import("node:fs/promises");
  const risk = await Promise.all(
    (flags.riskReport ?? []).map(async (file) => {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        throw new UsageError(
          `cannot read --risk-report ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      return riskScoreFromReport(text, file);
    }),
  );
  result.policy = evaluatePolicy(policy, {
    findings: result.findings,
    packages: result.packages,
    exploits,
    project: { tags, risk },
  });
  return result.policy.counts.fail > 0 ? 1 : 0;
}

/** The policy's violations as text, for the table report and (other formats) standard error. */
export async function policyText(result: ScanResult): Promise<string | undefined> {
  if (!result.policy) return undefined;
  const { renderPolicyText } = await import("../../report/policy-text.js");
  return renderPolicyText(result.policy);
}
