import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `query` command is being built. */
export function register(program: Command): void {
  program
    .command("query")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark query` is not available yet");
    });
}
