import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `db` command is being built. */
export function register(program: Command): void {
  program
    .command("db")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark db` is not available yet");
    });
}
