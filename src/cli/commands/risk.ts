import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `risk` command is being built. */
export function register(program: Command): void {
  program
    .command("risk")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark risk` is not available yet");
    });
}
