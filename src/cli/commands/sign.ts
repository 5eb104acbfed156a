import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `sign` command is being built. */
export function register(program: Command): void {
  program
    .command("sign")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark sign` is not available yet");
    });
}
