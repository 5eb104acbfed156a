import type { Command } from "commander";
import { terminalText } from "../../report/terminal-text.js";
import { returnsExitCode } from "../action.js";
import { type CliContext, toStdout } from "../context.js";
import { withExamples } from "../help.js";
import { writeResult } from "../io.js";
import { outputOption } from "../options.js";

/** `bulwark attest FILE`: a DSSE bundle holding an in-toto Statement v1 about the file. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command("attest")
    .description(
      "Attest a file: an in-toto Statement v1 (subject = the file's sha256) in a signed DSSE bundle",
    )
    .argument("<file>", "the artifact the statement is about")
    .requiredOption("--key <PRIVATE-KEY>", "PEM private key")
    .requiredOption("--predicate-type <URI>", "predicate type URI, e.g. https://slsa.dev/provenance/v1")
    .requiredOption("--predicate <FILE>", "predicate JSON file")
    .addOption(outputOption("the bundle", "FILE.intoto.sigstore.json; - for standard output"));
  withExamples(command, [
    "bulwark attest app.tgz --key release.key --predicate-type https://example.com/review/v1 --predicate review.json",
    "bulwark attest app.tgz --key release.key --predicate-type https://slsa.dev/provenance/v1 --predicate pred.json -o -",
  ]);
  command.action(
    returnsExitCode(
      async (
        file: string,
        flags: { key: string; predicateType: string; predicate: string; output?: string },
      ) => {
        const { attestFile } = await import("../../provenance/file-use-cases.js");
        const output = flags.output ?? `${file}.intoto.sigstore.json`;
        const bundle = await attestFile(file, flags.key, flags.predicateType, flags.predicate);
        await writeResult(ctx, JSON.stringify(bundle, null, 2), output);
        if (!toStdout(output)) ctx.stderr.write(`wrote ${terminalText(output)}\n`);
        return 0;
      },
    ),
  );
}
