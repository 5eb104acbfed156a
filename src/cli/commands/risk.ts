import type { Command } from "commander";
import { openAdvisoriesIfPresent } from "../advisories.js";
import { emit, parseFormat, UsageError } from "../io.js";

const FORMATS = ["table", "json", "sarif"] as const;

interface RiskFlags {
  format: string;
  output?: string;
  signals?: string;
  db?: string;
  checks?: string;
}

/** `bulwark risk [PATH | GIT-URL]`: Scorecard-style checks, criticality and memory safety of one repository. */
export function register(program: Command): void {
  program
    .command("risk")
    .description(
      "Assess a repository: security checks (Scorecard names and scoring), criticality, memory safety",
    )
    .argument("[target]", "local repository path or git URL (cloned shallowly into the cache)", ".")
    .option("-f, --format <format>", `output format: ${FORMATS.join(", ")}`, "table")
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option(
      "--signals <file>",
      "JSON object of criticality signals a clone cannot give (e.g. dependents_count)",
    )
    .option("--db <path>", "advisory database for the Vulnerabilities check")
    .option("--checks <names>", "comma-separated checks to run (default: all)")
    .action(async (target: string, flags: RiskFlags) => {
      const format = parseFormat(flags.format, FORMATS);
      const risk = await import("../../risk/index.js");
      let signals: Record<string, number> | undefined;
      if (flags.signals) {
        const { readFileSync } = await import("node:fs");
        let text: string;
        try {
          text = readFileSync(flags.signals, "utf8");
        } catch (error) {
          throw new UsageError(`cannot read --signals file ${flags.signals}: ${(error as Error).message}`);
        }
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
      const url = risk.isGitUrl(target) ? target : undefined;
      const path = url ? await risk.cloneRepository(url) : target;
      const advisories = await openAdvisoriesIfPresent(flags.db, process.env);
      let report: Awaited<ReturnType<typeof risk.assessRisk>>;
      try {
        report = await risk.assessRisk({ path, url, checks, signals, advisories: advisories?.reader });
      } finally {
        advisories?.close();
      }
      if (format === "json") emit(JSON.stringify(report, null, 2), flags.output);
      else if (format === "sarif") {
        const { VERSION } = await import("../../version.js");
        emit(JSON.stringify(risk.renderRiskSarif(report, VERSION), null, 2), flags.output);
      } else emit(risk.renderRiskTable(report), flags.output);
    });
}
