import type { Command } from "commander";
import { checkReportFormat, renderReport, reportFormats } from "../../report/registry.js";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { addInventoryFlags, type InventoryFlags, inventoryInput } from "../inventory-flags.js";
import { writeResult } from "../io.js";
import { formatOption, outputOption, wideOption } from "../options.js";

interface InventoryCommandFlags extends InventoryFlags {
  format: string;
  output?: string;
  wide?: boolean;
}

/** `bulwark inventory`: every package of a project, from its lockfiles, manifests, OS databases and SBOMs. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command("inventory")
    .description(
      "List every package a project contains, from its lockfiles, manifests, OS databases and SBOMs",
    )
    .argument("[paths...]", "files or folders to read (default: the current folder)");
  addInventoryFlags(command)
    .addOption(formatOption(reportFormats("inventory"), "table"))
    .addOption(outputOption())
    .addOption(wideOption());
  withExamples(
    command,
    [
      "bulwark inventory",
      "bulwark inventory services/api services/web -f json -o inventory.json",
      'bulwark inventory --lockfile requirements.txt:deps/prod.lock --exclude "**/test/**"',
    ],
    `Files that cannot be read are listed under errors; the exit code stays 0 unless a given path does not exist
or an option is wrong (exit code 2).`,
  );
  command.action(
    returnsExitCode(async (paths: string[], flags: InventoryCommandFlags): Promise<number> => {
      const format = checkReportFormat("inventory", flags.format);
      const progress = ctx.progress("reading files");
      const input = inventoryInput(paths, flags, progress);
      const { inventory } = await import("../../inventory/index.js");
      const result = await inventory(input.paths, input.options).finally(() => progress.done());
      const text = await renderReport("inventory", format, result, {
        color: ctx.color(flags.output),
        width: ctx.tableWidth(flags.output, flags.wide === true),
      });
      await writeResult(ctx, text, flags.output);
      return 0;
    }),
  );
}
