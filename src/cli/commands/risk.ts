import type { Command } from "commander";
import { checkReportFormat, renderReport, reportFormats } from "../../report/registry.js";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { UsageError, writeResult } from "../io.js";
import { dbOption, formatOption, outputOption } from "../options.js";

/** A signals file is a small JSON object; anything larger is not read. */
const MAX_SIGNALS_BYTES = 1024 * 1024;

interface RiskFlags {
  format: string;
  output?: string;
  signals?: string;
  db?: string;
  checks?: string;
}

async function readSignalsFile(file: string): Promise<string> {
  const { open } = await import("node:fs/promises");
  try {
    const handle = await open(file, "r");
    try {
      const { size } = await handle.stat();
      if (size > MAX_SIGNALS_BYTES)
        throw new UsageError(
          `--signals file ${file} is ${size} bytes, over the ${MAX_SIGNALS_BYTES}-byte limit`,
        );
      return await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read --signals file ${file}: ${(error as Error).message}`, {
      details: { path: file },
    });
  }
}

/** `bulwark risk [PATH | GIT-URL]`: Scorecard-style checks, criticality and memory safety of one repository. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command("risk")
    .description(
      "Assess a repository: security checks (Scorecard names and scoring), criticality, memory safety",
    )
    .argument(
      "[target]",
      "local repository path or https git URL (cloned shallowly into a temporary folder, removed afterwards)",
      ".",
    )
    .addOption(formatOption(reportFormats("risk"), "table"))
    .addOption(outputOption("the report"))
    .addOption(dbOption())
    .option(
      "--signals <FILE>",
      "JSON object of criticality signals a clone cannot give (e.g. dependents_count)",
    )
    .option("--checks <NAMES>", "comma-separated checks to run (default: all)");
  withExamples(command, [
    "bulwark risk ../some-clone                      # Scorecard checks, criticality, languages",
    "bulwark risk . -f json -o risk.json",
    "bulwark risk https://github.com/org/repo.git    # shallow clone into a temporary folder",
    "bulwark risk . --checks Maintained,Pinned-Dependencies --signals signals.json",
  ]);
  command.action(
    returnsExitCode(async (target: string, flags: RiskFlags): Promise<number> => {
      const format = checkReportFormat("risk", flags.format);
      const risk = await import("../../risk/index.js");
      let signals: Record<string, number> | undefined;
      if (flags.signals) {
        const text = await readSignalsFile(flags.signals);
        try {
          signals = risk.parseSignals(text, flags.signals);
        } catch (error) {
          throw new UsageError((error as Error).message, {
            hint: `write e.g. {"dependents_count": 1200}; known signals: ${risk.SIGNALS.map((s) => s.name).join(", ")}`,
          });
        }
      }
      const checks = flags.checks
        ?.split(",")
        .map((c) => c.trim())
        .filter(Boolean);
      // Ctrl-C stops git and removes the temporary checkout; a second Ctrl-C ends the process at once.
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      let checkout: Awaited<ReturnType<typeof risk.cloneRepository>> | undefined;
      const advisories = await ctx.openAdvisoriesIfPresent(flags.db);
      try {
        if (risk.isGitUrl(target))
          checkout = await risk.cloneRepository(target, {
            env: ctx.env,
            policy: ctx.outbound,
            signal: stop.signal,
          });
        const report = await risk.assessRisk({
          path: checkout?.path ?? target,
          url: checkout?.url,
          checks,
          signals,
          advisories: advisories?.reader,
          env: ctx.env,
          now: ctx.now(),
          signal: stop.signal,
        });
        await writeResult(ctx, await renderReport("risk", format, report, {}), flags.output);
      } finally {
        await advisories?.close();
        await checkout?.remove();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      return 0;
    }),
  );
}
