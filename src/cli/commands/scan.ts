import type { Command } from "commander";
import { BulwarkError } from "../../model/errors.js";
import type { ScanResult } from "../../model/finding.js";
import { checkReportFormat, renderReport, reportFormats } from "../../report/registry.js";
import { terminalLines } from "../../report/terminal-text.js";
// policy.ts is a few constants and functions: cheap enough to import eagerly, and the one list of levels.
import { FAIL_ON_LEVELS, isFailOn } from "../../scan/policy.js";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { addInventoryFlags, type InventoryFlags, inventoryInput } from "../inventory-flags.js";
import { collect, UsageError, writeResult } from "../io.js";
import { dbOption, formatOption, outputOption, wideOption } from "../options.js";
import { addPriorityFlags, type PriorityFlags, policyText, prioritiseAndCheck } from "./scan-priority.js";

/** The largest --max-data-age (as for `[scan] max_data_age_days` in bulwark.toml). */
const MAX_DATA_AGE_DAYS = 3650;

interface ScanFlags extends InventoryFlags, PriorityFlags {
  db?: string;
  vex?: string[];
  config?: string;
  failOn: string;
  format: string;
  output?: string;
  wide?: boolean;
  maxDataAge?: string;
  offline?: boolean;
  verifyProvenance?: boolean;
  attestations?: string;
  upload?: string;
  project?: string;
  uploadVersion?: string;
}

/** `--max-data-age DAYS`: a whole number of days, 0 to turn the warning off. */
function parseMaxDataAge(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!/^\d+$/.test(value.trim()) || days > MAX_DATA_AGE_DAYS)
    throw new UsageError(`--max-data-age "${value}" is not a number of days`, {
      hint: `give a whole number from 0 (never warn) to ${MAX_DATA_AGE_DAYS}, e.g. --max-data-age 14`,
    });
  return days;
}

/** `bulwark scan [PATH...]`: known vulnerabilities in every dependency, with paths, fixes and a CI exit code. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command("scan")
    .description(
      "Find known vulnerabilities in the dependencies of files and folders (exit 1 when any remain)",
    )
    .argument(
      "[paths...]",
      "files and folders to scan (default: the current folder, unless --lockfile or --sbom is given)",
    );
  addInventoryFlags(command)
    .addOption(formatOption(reportFormats("scan"), "table"))
    .addOption(outputOption("the report"))
    .addOption(dbOption())
    .addOption(wideOption())
    .option(
      "--vex <FILE>",
      "OpenVEX or CycloneDX VEX document; not_affected/fixed suppress (repeatable)",
      collect,
    )
    .option("--config <FILE>", "config file (default: bulwark.toml in the first scanned folder)")
    .option(
      "--fail-on <LEVEL>",
      `exit 1 when a finding at or above LEVEL remains: ${FAIL_ON_LEVELS.join("|")}`,
      "any",
    )
    .option(
      "--max-data-age <DAYS>",
      "warn when an ecosystem's newest advisory is older than DAYS (default: [scan] max_data_age_days in bulwark.toml, else 7; 0 = never)",
    )
    .option("--offline", "guarantee no network access (only --verify-provenance may use it otherwise)")
    .option(
      "--verify-provenance",
      "verify the npm packages' provenance attestations and report the share verified (exit 1 when one fails)",
    )
    .option(
      "--attestations <DIR>",
      "attestation files for --verify-provenance (<name>@<version>.json, as the npm registry serves them)",
    );
  addPriorityFlags(command);
  withExamples(
    command,
    [
      "bulwark scan                                   # the current folder, table on the terminal",
      "bulwark scan services/api services/web --fail-on high",
      "bulwark scan --lockfile requirements.txt:reqs/prod.lock --sbom vendor.cdx.json",
      "bulwark scan -f sarif -o bulwark.sarif         # GitHub code scanning",
      "bulwark scan -f json -o report.json --max-data-age 14",
      "bulwark scan --vex openvex.json --config ci/bulwark.toml --wide",
    ],
    `The summary line names the ecosystems that were NOT CHECKED (no advisories in the database). A scan that
finds no lockfile, manifest or SBOM, or cannot read a file it was given, exits 2.`,
  );
  command
    .option("--upload <SERVER>", "also send what was scanned to a Bulwark server (key: BULWARK_API_KEY)")
    .option("--project <NAME>", "the server's project for --upload")
    .option("--upload-version <LABEL>", "branch or release of the snapshot for --upload");
  command.action(
    returnsExitCode(async (paths: string[], flags: ScanFlags): Promise<number> => {
      checkReportFormat("scan", flags.format);
      const failOn = flags.failOn.toLowerCase();
      if (!isFailOn(failOn)) {
        throw new UsageError(`unknown --fail-on level "${flags.failOn}"`, {
          hint: `use one of: ${FAIL_ON_LEVELS.join(", ")}`,
        });
      }
      const maxDataAgeDays = parseMaxDataAge(flags.maxDataAge);
      const dating = await ctx.dating();
      const { exitCodeFor, scan } = await import("../../scan/index.js");
      const progress = ctx.progress("reading files");
      const input = inventoryInput(paths, flags, progress);
      const advisories = await ctx.openAdvisories(flags.db);
      let result: Awaited<ReturnType<typeof scan>>;
      try {
        result = await scan(
          {
            paths: input.paths,
            ...input.options,
            vex: flags.vex,
            config: flags.config,
            offline: flags.offline,
            now: ctx.now(),
            ...(maxDataAgeDays !== undefined ? { maxDataAgeDays } : {}),
            verifyProvenance: flags.verifyProvenance
              ? {
                  attestationsDir: flags.attestations,
                  trust: await ctx.trustStore(),
                  fetch: await ctx.fetch(),
                }
              : undefined,
          },
          advisories.reader,
        );
      } finally {
        progress.done();
        await advisories.close();
      }
      if (result.inventory.sources.length === 0) {
        throw new BulwarkError(
          "NOTHING_TO_SCAN",
          `nothing to scan: no lockfile, manifest or SBOM in ${input.paths.join(", ") || "the inputs"}`,
          { details: { errors: result.inventory.errors } },
        );
      }
      const coverage = result.coverage ?? [];
      if (coverage.length > 0 && coverage.every((c) => c.records === 0)) {
        // a scan that checked nothing is not a clean scan
        const names = coverage.map((c) => c.ecosystem);
        throw new BulwarkError(
          "ADVISORY_DB_MISSING",
          `nothing was checked: the advisory database holds no advisories for ${names.join(", ")}`,
          {
            details: { coverage },
            hint: `load them, e.g. bulwark db update ${names.map((n) => `--ecosystem ${n}`).join(" ")}`,
          },
        );
      }
      if (flags.upload) await uploadScanned(ctx, result, flags);
      const policyExit = await prioritiseAndCheck(result, flags, flags.db ?? ctx.settings.db);
      const policy = await policyText(result);
      const violations = policy === undefined ? undefined : terminalLines(policy);
      if (violations && flags.format !== "table" && flags.format !== "json") ctx.stderr.write(violations);
      const options = {
        color: ctx.color(flags.output),
        dating,
        width: ctx.tableWidth(flags.output, flags.wide === true),
      };
      const report =
        (await renderReport("scan", flags.format, result, options)) +
        (violations && flags.format === "table" ? `\n${violations}` : "");
      await writeResult(ctx, report, flags.output);
      const provenanceFailed = (result.provenance?.failed ?? 0) > 0;
      // With a policy, the policy decides the exit code unless --fail-on was given as well.
      const findingsExit =
        policyExit !== undefined && command.getOptionValueSource("failOn") === "default"
          ? policyExit
          : Math.max(exitCodeFor(result.findings, failOn), policyExit ?? 0);
      return Math.max(findingsExit, provenanceFailed ? 1 : 0);
    }),
  );
}

/** `--upload`: the scanned inventory as a new snapshot of a server's project. */
async function uploadScanned(ctx: CliContext, result: ScanResult, flags: ScanFlags): Promise<void> {
  if (!flags.project)
    throw new UsageError("--upload needs --project NAME", {
      hint: "e.g. --upload https://bulwark.example.org --project payments/api",
    });
  const [{ uploadToServer }, { inventoryToJson }] = await Promise.all([
    import("../upload-client.js"),
    import("../../inventory/json.js"),
  ]);
  const body = JSON.stringify(
    inventoryToJson({
      packages: result.packages,
      sources: result.inventory.sources,
      errors: result.inventory.errors,
    }),
  );
  const answer = await uploadToServer({
    server: flags.upload!,
    project: flags.project,
    version: flags.uploadVersion,
    body,
    key: ctx.settings.apiKey,
  });
  ctx.stderr.write(
    terminalLines(
      `uploaded to ${flags.upload}: ${answer.project.name} snapshot ${answer.snapshot.id}, findings ${answer.findings.new} new, ${answer.findings.fixed} fixed, ${answer.findings.open} open\n`,
    ),
  );
}
