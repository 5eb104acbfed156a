import type { Command } from "commander";

/**
 * Adds an "Examples:" section to a command's `--help`, one command line each (a trailing `# comment` says
 * what it does). Every command has one; a test enumerates them.
 */
export function withExamples(command: Command, examples: readonly string[], after = ""): Command {
  return command.addHelpText(
    "after",
    `\nExamples:\n${examples.map((e) => `  ${e}`).join("\n")}\n${after ? `\n${after.trim()}\n` : ""}`,
  );
}
