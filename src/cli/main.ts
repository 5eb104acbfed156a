import { Command, CommanderError } from "commander";
import { BulwarkError } from "../model/errors.js";
import { terminalLines, terminalText } from "../report/terminal-text.js";
import { VERSION } from "../version.js";
import { returnedExitCode } from "./action.js";
import { register as attest } from "./commands/attest.js";
import { register as db } from "./commands/db.js";
import { register as inventory } from "./commands/inventory.js";
import { register as keys } from "./commands/keys.js";
import { register as provenance } from "./commands/provenance.js";
import { register as query } from "./commands/query.js";
import { register as risk } from "./commands/risk.js";
import { register as sbom } from "./commands/sbom.js";
import { register as scan } from "./commands/scan.js";
import { register as serve } from "./commands/serve.js";
import { register as serverKey } from "./commands/server-key.js";
import { register as sign } from "./commands/sign.js";
import { register as trust } from "./commands/trust.js";
import { register as upload } from "./commands/upload.js";
import { register as verify } from "./commands/verify.js";
import { CliContext, type CliInputs, type TerminalStream } from "./context.js";
import { exitCodeOf, hintsOf } from "./error-map.js";
import { withExamples } from "./help.js";
import { checkOutputPath } from "./io.js";

/** Adds a command (and its subcommands) to the program; every command file exports one. */
type Registration = (program: Command, ctx: CliContext) => void;

const REGISTRATIONS: Registration[] = [
  scan,
  inventory,
  sbom,
  db,
  query,
  risk,
  verify,
  sign,
  attest,
  keys,
  provenance,
  trust,
  serve,
  serverKey,
  upload,
];

/**
 * Builds the `bulwark` command for one run. Each command lives in its own file under commands/ and imports
 * its use-case lazily inside its action, so starting the CLI stays cheap whatever the command.
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command("bulwark")
    .description(
      "Supply-chain security: known vulnerabilities, inventory and SBOMs, risk, signatures and provenance",
    )
    .version(VERSION)
    // Options after a command name belong to that command: `bulwark query --version V` is the package version.
    .enablePositionalOptions()
    // Set before the commands are added: they inherit it. Commander's own messages quote what was typed.
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: (text, write) => write(terminalLines(text)),
      getOutHelpWidth: () => helpWidth(ctx, ctx.stdout),
      getErrHelpWidth: () => helpWidth(ctx, ctx.stderr),
    })
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  withExamples(
    program,
    [
      "bulwark db import path/to/osv-records     # load advisories (or: bulwark db update --ecosystem npm)",
      "bulwark scan .                            # known vulnerabilities in this project",
      "bulwark sbom . -f cyclonedx -o bom.json   # an SBOM of it",
    ],
    `
Options shared by the commands: -f/--format FORMAT, -o/--output FILE (its folder must exist), --db PATH,
--wide (whole table rows). Exit codes: 0 success, 1 findings at or above --fail-on / verification rejected,
2 usage or runtime error. Environment: BULWARK_DB (advisory database), BULWARK_TRUST_DIR, NO_COLOR,
COLUMNS (table width), SOURCE_DATE_EPOCH (reproducible documents), BULWARK_DEBUG=1 (stack traces).`,
  );
  // Before any work: an -o whose folder is missing or unwritable is a usage error naming the path.
  program.hook("preAction", async (_program, action) => {
    const output = action.opts().output;
    if (typeof output === "string") await checkOutputPath(output);
  });
  for (const register of REGISTRATIONS) register(program, ctx);
  addExamplesNotYetInTheirCommands(program);
  for (const command of allCommands(program)) command.exitOverride();
  return program;
}

/**
 * `db` and `db status` (src/cli/commands/db.ts, being rewritten by the advisory database's owner) have no
 * examples yet; they are added here until that file adds them with withExamples.
 */
function addExamplesNotYetInTheirCommands(program: Command): void {
  const dbCommand = program.commands.find((c) => c.name() === "db");
  const status = dbCommand?.commands.find((c) => c.name() === "status");
  if (dbCommand)
    withExamples(dbCommand, [
      "bulwark db import ../shared/corpus/osv        # OSV files, folders, zips or URLs",
      "bulwark db update --ecosystem npm             # download osv.dev's export",
      "bulwark db status                             # what the database holds",
    ]);
  if (status)
    withExamples(status, ["bulwark db status", "bulwark db status --db ci/advisories.db --format json"]);
}

/** A command and all its subcommands, depth first. */
export function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap((c) => allCommands(c))];
}

/** Help is wrapped to COLUMNS, else the terminal's width, else 80 columns. */
function helpWidth(ctx: CliContext, stream: TerminalStream): number {
  return ctx.settings.columns ?? (stream.isTTY ? stream.columns : undefined) ?? 80;
}

/**
 * Runs the CLI with the given arguments (without node and script) and returns the process exit code. The
 * composition root: the one place that reads the process's environment, streams and clock (`inputs`
 * replaces them, for tests).
 */
export async function main(args: string[], inputs: Partial<CliInputs> = {}): Promise<number> {
  const ctx = new CliContext({
    env: inputs.env ?? process.env,
    stdout: inputs.stdout ?? process.stdout,
    stderr: inputs.stderr ?? process.stderr,
    now: inputs.now,
  });
  try {
    const program = buildProgram(ctx);
    await program.parseAsync(args, { from: "user" });
    return returnedExitCode(program);
  } catch (error) {
    return reportError(ctx, error);
  }
}

/**
 * Prints an error for a person (message and what to do) on standard error and returns the exit code. Text
 * is escaped for the terminal (a message may quote a hostile file); with BULWARK_DEBUG, the stack trace
 * follows under its own heading.
 */
export function reportError(ctx: CliContext, error: unknown): number {
  const write = (line: string) => ctx.stderr.write(`${line}\n`);
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed, as did its usage errors.
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return 0;
    return 2;
  }
  if (error instanceof BulwarkError) {
    write(`bulwark: ${terminalText(error.message)}`);
    for (const hint of hintsOf(error)) write(`  ${terminalText(hint)}`);
    if (ctx.settings.debug) writeDebug(write, error, error.code, error.details);
    return exitCodeOf(error);
  }
  const err = error as Error | undefined;
  write(`bulwark: unexpected error: ${terminalText(err?.message ?? String(error))}`);
  write(
    ctx.settings.debug
      ? "  please report it with the stack trace below"
      : "  set BULWARK_DEBUG=1 for details and please report it",
  );
  if (ctx.settings.debug) writeDebug(write, error, "INTERNAL", {});
  return 2;
}

/** The debug block: a blank line, a heading, then the stack (and causes) indented, apart from the message. */
function writeDebug(
  write: (line: string) => void,
  error: unknown,
  code: string,
  details: Readonly<Record<string, unknown>>,
): void {
  write("");
  write(`debug (BULWARK_DEBUG): code ${code}`);
  if (Object.keys(details).length > 0) write(`  details: ${terminalText(safeJson(details))}`);
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    const stack = current instanceof Error ? (current.stack ?? current.message) : String(current);
    if (depth > 0) write("  caused by:");
    for (const line of stack.split("\n")) write(`  ${terminalText(line)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
