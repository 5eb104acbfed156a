import type { Command } from "commander";
import { collect, emit, parseFormat, UsageError, useColor } from "../io.js";

interface InventoryFlags {
  lockfile?: string[];
  sbom?: string[];
  exclude?: string[];
  ignore: boolean;
  includeVendored?: boolean;
  format: string;
  output?: string;
}

/** "package-lock.json:path/to/file" -> { format, path }; the first ":" separates them. */
function parseLockfileFlag(value: string): { format: string; path: string } {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) {
    throw new UsageError(`--lockfile "${value}" is not TYPE:PATH`, {
      hint: "e.g. --lockfile package-lock.json:deps/lock.json or --lockfile requirements.txt:reqs/prod.txt",
    });
  }
  return { format: value.slice(0, colon), path: value.slice(colon + 1) };
}

/** `bulwark inventory`: every package of a project, from its lockfiles, manifests, OS databases and SBOMs. */
export function register(program: Command): void {
  program
    .command("inventory")
    .description(
      "List every package a project contains, from its lockfiles, manifests, OS databases and SBOMs",
    )
    .argument("[paths...]", "files or folders to read (default: the current folder)")
    .option(
      "--lockfile <TYPE:PATH>",
      "read PATH as format TYPE, e.g. package-lock.json:x.json (repeatable)",
      collect,
    )
    .option("--sbom <file>", "read a CycloneDX or SPDX document as input (repeatable)", collect)
    .option("--exclude <glob>", "skip paths matching the glob (repeatable)", collect)
    .option("--no-ignore", "also read files that .gitignore excludes")
    .option("--include-vendored", "also walk node_modules, vendor, virtualenvs, .git and the like")
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
    .action(async (paths: string[], flags: InventoryFlags) => {
      const format = parseFormat(flags.format, ["table", "json"] as const);
      const lockfiles = (flags.lockfile ?? []).map(parseLockfileFlag);
      const sbom = flags.sbom ?? [];
      const given = paths.length > 0 || lockfiles.length > 0 || sbom.length > 0 ? paths : ["."];
      const { inventory } = await import("../../inventory/index.js");
      const result = await inventory(given, {
        lockfiles,
        sbom,
        exclude: flags.exclude ?? [],
        noIgnore: !flags.ignore,
        includeVendored: flags.includeVendored ?? false,
      });
      if (format === "json") {
        const { inventoryToJson } = await import("../../inventory/json.js");
        emit(JSON.stringify(inventoryToJson(result), null, 2), flags.output);
      } else {
        const { renderInventoryTable } = await import("../../report/inventory-table.js");
        emit(renderInventoryTable(result, { color: !flags.output && useColor() }), flags.output);
      }
    });
}
