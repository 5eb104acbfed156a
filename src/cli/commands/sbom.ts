import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { checkReportFormat, renderReport, reportFormats } from "../../report/registry.js";
import { terminalText } from "../../report/terminal-text.js";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { addInventoryFlags, type InventoryFlags, inventoryInput } from "../inventory-flags.js";
import { writeResult } from "../io.js";
import { formatOption, outputOption } from "../options.js";

interface SbomFlags extends InventoryFlags {
  format: string;
  output?: string;
  name?: string;
}

/** `bulwark sbom`: an SBOM of everything the inventory finds. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command("sbom")
    .description("Write an SBOM (CycloneDX 1.6 or SPDX 2.3 JSON) of the packages found in PATHs")
    .argument("[paths...]", "files or folders to read (default: the current folder)");
  addInventoryFlags(command)
    .addOption(formatOption(reportFormats("sbom"), "cyclonedx"))
    .addOption(outputOption("the SBOM"))
    .option("--name <NAME>", "name of the described project (default: the first path's folder name)");
  withExamples(
    command,
    [
      "bulwark sbom . -f cyclonedx -o bom.cdx.json",
      "bulwark sbom --lockfile package-lock.json:app/lock.json -f spdx",
      "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) bulwark sbom . -o bom.cdx.json   # reproducible",
    ],
    `Files that cannot be read are reported on standard error; the SBOM still lists everything else.
Set SOURCE_DATE_EPOCH (seconds) for a reproducible document: that timestamp, and a serial number/namespace
derived from the content instead of a random one. Paths are relative to the folder read.`,
  );
  command.action(
    returnsExitCode(async (paths: string[], flags: SbomFlags): Promise<number> => {
      const format = checkReportFormat("sbom", flags.format);
      const dating = await ctx.dating();
      const progress = ctx.progress("reading files");
      const input = inventoryInput(paths, flags, progress);
      const { inventory } = await import("../../inventory/index.js");
      const result = await inventory(input.paths, input.options).finally(() => progress.done());
      for (const e of result.errors) {
        ctx.stderr.write(
          `bulwark: ${terminalText(`${e.path}${e.line ? `:${e.line}` : ""}: ${e.message}`)}\n`,
        );
      }
      const name =
        flags.name ?? basename(resolve(input.paths[0] ?? input.options.lockfiles?.[0]?.path ?? "."));
      await writeResult(ctx, await renderReport("sbom", format, result, { name, dating }), flags.output);
      return 0;
    }),
  );
}
