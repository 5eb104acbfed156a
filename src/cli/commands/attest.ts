import type { Command } from "commander";
import { UsageError } from "../io.js";

/** Placeholder: the `attest` command is being built. */
export function register(program: Command): void {
  program
    .command("attest")
    .description("(not yet available)")
    .action(() => {
      throw new UsageError("`bulwark attest` is not available yet");
    });
}
