import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `scan` command is being built. */
export function register(program: Command): void {
  program
    .command("scan")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark scan` is not available yet");
    });
}
