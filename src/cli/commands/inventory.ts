import type { Command } from "commander";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { addInventoryFlags, type InventoryFlags, inventoryInput } from "../inventory-flags.js";
import { parseFormat, writeResult } from "../io.js";
import { formatOption, outputOption, wideOption } from "../options.js";

const FORMATS = ["table", "json"] as const;

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
    .addOption(formatOption(FORMATS, "table"))
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
      const format = parseFormat(flags.format, FORMATS);
      const progress = ctx.progress("reading files");
      const input = inventoryInput(paths, flags, progress);
      const { inventory } = await import("../../inventory/index.js");
      const result = await inventory(input.paths, input.options).finally(() => progress.done());
      if (format === "json") {
        const { inventoryToJson } = await import("../../inventory/json.js");
        await writeResult(ctx, JSON.stringify(inventoryToJson(result), null, 2), flags.output);
      } else {
        const { renderInventoryTable } = await import("../../report/inventory-table.js");
        const table = renderInventoryTable(result, {
          color: ctx.color(flags.output),
          width: ctx.tableWidth(flags.output, flags.wide === true),
        });
        await writeResult(ctx, table, flags.output);
      }
      return 0;
    }),
  );
}
