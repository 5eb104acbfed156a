import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `provenance` command is being built. */
export function register(program: Command): void {
  program
    .command("provenance")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark provenance` is not available yet");
    });
}
