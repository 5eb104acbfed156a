import type { Command } from "commander";
import { BulwarkError } from "../../model/errors.js";
// policy.ts is a few constants and functions: cheap enough to import eagerly, and the one list of levels.
import { FAIL_ON_LEVELS, isFailOn } from "../../scan/policy.js";
import { addInventoryFlags, type InventoryFlags, inventoryInput } from "../inventory-flags.js";
import { collect, emit, sourceDateEpoch, UsageError, useColor } from "../io.js";
import { cliTrustStore } from "./trust.js";

/** Formats named in --help; the renderer registry (src/report/index.ts) decides what is accepted. */
const HELP_FORMATS = "table|json|sarif|markdown|html|cyclonedx|spdx";

interface ScanFlags extends InventoryFlags {
  db?: string;
  vex?: string[];
  config?: string;
  failOn: string;
  format: string;
  output?: string;
  offline?: boolean;
  verifyProvenance?: boolean;
  attestations?: string;
}

/** `bulwark scan [PATH...]`: known vulnerabilities in every dependency, with paths, fixes and a CI exit code. */
export function register(program: Command): void {
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
    .option("--db <PATH>", "advisory database (default: BULWARK_DB or the user data folder)")
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
    .option("--format <FORMAT>", `report format: ${HELP_FORMATS}`, "table")
    .option("--output <FILE>", "write the report to FILE instead of standard output")
    .option("--offline", "guarantee no network access (only --verify-provenance may use it otherwise)")
    .option(
      "--verify-provenance",
      "verify the npm packages' provenance attestations and report the share verified",
    )
    .option(
      "--attestations <DIR>",
      "attestation files for --verify-provenance (<name>@<version>.json, as the npm registry serves them)",
    )
    .action(async (paths: string[], flags: ScanFlags) => {
      const { renderScan, scanRenderers } = await import("../../report/index.js");
      if (!scanRenderers[flags.format]) {
        throw new UsageError(`unknown format "${flags.format}"`, {
          hint: `use one of: ${Object.keys(scanRenderers).join(", ")}`,
        });
      }
      const failOn = flags.failOn.toLowerCase();
      if (!isFailOn(failOn)) {
        throw new UsageError(`unknown --fail-on level "${flags.failOn}"`, {
          hint: `use one of: ${FAIL_ON_LEVELS.join(", ")}`,
        });
      }
      const { exitCodeFor, scan } = await import("../../scan/index.js");
      const { openAdvisoriesForReading } = await import("../advisories.js");
      const input = inventoryInput(paths, flags);
      const advisories = await openAdvisoriesForReading(flags.db, process.env);
      let result: Awaited<ReturnType<typeof scan>>;
      try {
        result = await scan(
          {
            paths: input.paths,
            ...input.options,
            vex: flags.vex,
            config: flags.config,
            offline: flags.offline,
            verifyProvenance: flags.verifyProvenance
              ? { attestationsDir: flags.attestations, trust: await cliTrustStore(process.env) }
              : undefined,
          },
          advisories.reader,
        );
      } finally {
        advisories.close();
      }
      if (result.inventory.sources.length === 0) {
        throw new BulwarkError(
          "NOTHING_TO_SCAN",
          `nothing to scan: no lockfile, manifest or SBOM in ${input.paths.join(", ") || "the inputs"}`,
          {
            details: { errors: result.inventory.errors },
          },
        );
      }
      const toTerminal = !flags.output || flags.output === "-";
      const report = renderScan(result, flags.format, {
        color: toTerminal && useColor(),
        dating: sourceDateEpoch(process.env),
      });
      try {
        emit(report, flags.output);
      } catch (error) {
        throw new UsageError(
          `cannot write the report to ${flags.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          {
            hint: "check that the folder of --output exists and is writable",
          },
        );
      }
      const provenanceFailed = (result.provenance?.failed ?? 0) > 0;
      process.exitCode = Math.max(exitCodeFor(result.findings, failOn), provenanceFailed ? 1 : 0);
    });
}
