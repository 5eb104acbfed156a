import type { Command } from "commander";

// Commander drops what an action returns, so the exit code is kept here, per program, for main() to return.
const exitCodes = new WeakMap<Command, number>();

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/**
 * Wraps a command's action, which returns its exit code (0 success, 1 findings or rejected evidence), so that
 * the code reaches main(): commands never set `process.exitCode`. Errors propagate to main's error report.
 */
export function returnsExitCode<A extends unknown[]>(
  run: (...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await run(...args);
    // commander passes the command itself as the last argument of every action
    const command = args[args.length - 1] as Command;
    exitCodes.set(rootOf(command), code);
  };
}

/** The exit code the action that ran returned (0 when none ran or it returned nothing, e.g. --help). */
export function returnedExitCode(program: Command): number {
  return exitCodes.get(program) ?? 0;
}
