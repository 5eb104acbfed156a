import { Command, CommanderError } from "commander";
import { BulwarkError } from "../model/errors.js";
import { VERSION } from "../version.js";
import { register as attest } from "./commands/attest.js";
import { register as db } from "./commands/db.js";
import { register as inventory } from "./commands/inventory.js";
import { register as keys } from "./commands/keys.js";
import { register as provenance } from "./commands/provenance.js";
import { register as query } from "./commands/query.js";
import { register as risk } from "./commands/risk.js";
import { register as sbom } from "./commands/sbom.js";
import { register as scan } from "./commands/scan.js";
import { register as sign } from "./commands/sign.js";
import { register as trust } from "./commands/trust.js";
import { register as verify } from "./commands/verify.js";
import { exitCodeOf, hintsOf } from "./error-map.js";

/**
 * Builds the `bulwark` command. Each command lives in its own file under commands/ and imports its
 * use-case lazily inside its action, so starting the CLI stays cheap whatever the command.
 */
export function buildProgram(): Command {
  const program = new Command("bulwark")
    .description(
      "Supply-chain security: known vulnerabilities, inventory and SBOMs, risk, signatures and provenance",
    )
    .version(VERSION)
    // Options after a command name belong to that command: `bulwark query --version V` is the package version.
    .enablePositionalOptions()
    .addHelpText(
      "after",
      `
Getting started:
  bulwark db import path/to/osv-records     load advisories (or: bulwark db update --ecosystem npm)
  bulwark scan .                            known vulnerabilities in this project
  bulwark sbom . --format cyclonedx         an SBOM of it

Exit codes: 0 success, 1 findings at or above --fail-on / verification rejected, 2 usage or runtime error.
Set BULWARK_DEBUG=1 for stack traces, BULWARK_DB to choose the advisory database.`,
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of [
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
  ]) {
    register(program);
  }
  program.commands.forEach((c) => {
    c.exitOverride();
  });
  return program;
}

/** Runs the CLI with the given arguments (without node and script) and returns the process exit code. */
export async function main(args: string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(args, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}

/** Prints an error for a person (message and what to do) and returns the exit code; stack traces only with BULWARK_DEBUG. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed.
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
    if (error.code === "commander.help") return 0;
    return 2;
  }
  if (error instanceof BulwarkError) {
    process.stderr.write(`bulwark: ${error.message}\n`);
    for (const hint of hintsOf(error)) process.stderr.write(`  ${hint}\n`);
    if (process.env.BULWARK_DEBUG) process.stderr.write(`\n[${error.code}] ${error.stack}\n`);
    return exitCodeOf(error);
  }
  const err = error as Error;
  process.stderr.write(`bulwark: unexpected error: ${err?.message ?? String(error)}\n`);
  process.stderr.write(
    process.env.BULWARK_DEBUG
      ? `${err?.stack}\n`
      : "  set BULWARK_DEBUG=1 for details and please report it\n",
  );
  return 2;
}
