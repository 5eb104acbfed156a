import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `inventory` command is being built. */
export function register(program: Command): void {
  program
    .command("inventory")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark inventory` is not available yet");
    });
}
