import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `keys` command is being built. */
export function register(program: Command): void {
  program
    .command("keys")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark keys` is not available yet");
    });
}
