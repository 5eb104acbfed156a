import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `trust` command is being built. */
export function register(program: Command): void {
  program
    .command("trust")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark trust` is not available yet");
    });
}
