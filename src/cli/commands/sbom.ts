import { basename, resolve } from "node:path";
import type { Command } from "commander";
import { addInventoryFlags, type InventoryFlags, inventoryInput } from "../inventory-flags.js";
import { emit, parseFormat, sourceDateEpoch } from "../io.js";

const FORMATS = ["cyclonedx", "spdx"] as const;

interface SbomFlags extends InventoryFlags {
  format: string;
  output?: string;
  name?: string;
}

/** `bulwark sbom`: an SBOM of everything the inventory finds. */
export function register(program: Command): void {
  const command = program
    .command("sbom")
    .description("Write an SBOM (CycloneDX 1.6 or SPDX 2.3 JSON) of the packages found in PATHs")
    .argument("[paths...]", "files or folders to read (default: the current folder)");
  addInventoryFlags(command)
    .option("-f, --format <format>", `SBOM format: ${FORMATS.join(" or ")}`, "cyclonedx")
    .option("-o, --output <file>", "write the SBOM to FILE instead of standard output")
    .option("--name <name>", "name of the described project (default: the first path's folder name)")
    .addHelpText(
      "after",
      `
Files that cannot be read are reported on standard error; the SBOM still lists everything else.
Set SOURCE_DATE_EPOCH (seconds) for a reproducible document: that timestamp, and a serial number/namespace derived from the content instead of a random one. Paths are relative to the folder read.

Examples:
  bulwark sbom . --format cyclonedx -o bom.cdx.json
  bulwark sbom --lockfile package-lock.json:app/lock.json --format spdx`,
    )
    .action(async (paths: string[], flags: SbomFlags) => {
      const format = parseFormat(flags.format, FORMATS);
      const input = inventoryInput(paths, flags);
      const { inventory } = await import("../../inventory/index.js");
      const { toCycloneDx, toSpdx } = await import("../../sbom/index.js");
      const result = await inventory(input.paths, input.options);
      for (const e of result.errors) {
        process.stderr.write(`bulwark: ${e.path}${e.line ? `:${e.line}` : ""}: ${e.message}\n`);
      }
      const name =
        flags.name ?? basename(resolve(input.paths[0] ?? input.options.lockfiles?.[0]?.path ?? "."));
      const dating = sourceDateEpoch(process.env);
      const doc =
        format === "cyclonedx" ? toCycloneDx(result, { name, dating }) : toSpdx(result, { name, dating });
      emit(JSON.stringify(doc, null, 2), flags.output);
    });
}
