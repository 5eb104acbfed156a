import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `sbom` command is being built. */
export function register(program: Command): void {
  program
    .command("sbom")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark sbom` is not available yet");
    });
}
