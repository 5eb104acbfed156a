import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `verify` command is being built. */
export function register(program: Command): void {
  program
    .command("verify")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark verify` is not available yet");
    });
}
