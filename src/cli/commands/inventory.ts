import type { Command } from "commander";
import { addInventoryFlags, type InventoryFlags, inventoryInput } from "../inventory-flags.js";
import { emit, parseFormat, useColor } from "../io.js";

interface InventoryCommandFlags extends InventoryFlags {
  format: string;
  output?: string;
}

/** `bulwark inventory`: every package of a project, from its lockfiles, manifests, OS databases and SBOMs. */
export function register(program: Command): void {
  const command = program
    .command("inventory")
    .description(
      "List every package a project contains, from its lockfiles, manifests, OS databases and SBOMs",
    )
    .argument("[paths...]", "files or folders to read (default: the current folder)");
  addInventoryFlags(command)
    .option("--format <format>", "table or json", "table")
    .option("-o, --output <file>", "write the result to FILE")
    .addHelpText(
      "after",
      `
Files that cannot be read are listed under errors; the exit code stays 0 unless a given path does not exist
or an option is wrong (exit code 2).

Examples:
  bulwark inventory
  bulwark inventory services/api services/web --format json -o inventory.json
  bulwark inventory --lockfile requirements.txt:deps/prod.lock --exclude "**/test/**"`,
    )
    .action(async (paths: string[], flags: InventoryCommandFlags) => {
      const format = parseFormat(flags.format, ["table", "json"] as const);
      const input = inventoryInput(paths, flags);
      const { inventory } = await import("../../inventory/index.js");
      const result = await inventory(input.paths, input.options);
      if (format === "json") {
        const { inventoryToJson } = await import("../../inventory/json.js");
        emit(JSON.stringify(inventoryToJson(result), null, 2), flags.output);
      } else {
        const { renderInventoryTable } = await import("../../report/inventory-table.js");
        emit(renderInventoryTable(result, { color: !flags.output && useColor() }), flags.output);
      }
    });
}
