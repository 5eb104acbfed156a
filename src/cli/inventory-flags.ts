import type { Command } from "commander";
import type { DiskInventoryOptions } from "../inventory/options.js";
import type { Progress } from "./context.js";
import { collect, UsageError } from "./io.js";

/** The flags every command that reads a project shares (inventory, sbom, scan). */
export interface InventoryFlags {
  lockfile?: string[];
  sbom?: string[];
  exclude?: string[];
  ignore: boolean;
  includeVendored?: boolean;
}

/** Adds the project-reading flags to a command, so they are spelled and documented the same everywhere. */
export function addInventoryFlags(command: Command): Command {
  return command
    .option(
      "--lockfile <TYPE:PATH>",
      "read PATH as format TYPE, e.g. package-lock.json:x.json (repeatable)",
      collect,
    )
    .option("--sbom <FILE>", "read a CycloneDX or SPDX document as input (repeatable)", collect)
    .option("--exclude <GLOB>", "skip paths matching the glob (repeatable)", collect)
    .option("--no-ignore", "also read files that .gitignore excludes")
    .option("--include-vendored", "also walk node_modules, vendor, virtualenvs, .git and the like");
}

/**
 * The paths and inventory options the flags ask for. Without any path, lockfile or SBOM, the current folder
 * is read. `progress` hears of every file read.
 */
export function inventoryInput(
  paths: string[],
  flags: InventoryFlags,
  progress?: Progress,
): { paths: string[]; options: DiskInventoryOptions } {
  const lockfiles = (flags.lockfile ?? []).map(parseLockfileFlag);
  const sbom = flags.sbom ?? [];
  return {
    paths: paths.length > 0 || lockfiles.length > 0 || sbom.length > 0 ? paths : ["."],
    options: {
      lockfiles,
      sbom,
      exclude: flags.exclude ?? [],
      includeIgnored: !flags.ignore,
      includeVendored: flags.includeVendored ?? false,
      ...(progress ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
    },
  };
}

/** "package-lock.json:path/to/file" -> { format, path }; the first ":" separates them. */
export function parseLockfileFlag(value: string): { format: string; path: string } {
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) {
    throw new UsageError(`--lockfile "${value}" is not TYPE:PATH`, {
      hint: "e.g. --lockfile package-lock.json:deps/lock.json or --lockfile requirements.txt:reqs/prod.txt",
    });
  }
  return { format: value.slice(0, colon), path: value.slice(colon + 1) };
}
