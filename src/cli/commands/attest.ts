import type { Command } from "commander";
import { emit } from "../io.js";

/** `bulwark attest FILE`: a DSSE bundle holding an in-toto Statement v1 about the file. */
export function register(program: Command): void {
  program
    .command("attest")
    .description(
      "Attest a file: an in-toto Statement v1 (subject = the file's sha256) in a signed DSSE bundle",
    )
    .argument("<file>", "the artifact the statement is about")
    .requiredOption("--key <private-key>", "PEM private key")
    .requiredOption("--predicate-type <uri>", "predicate type URI, e.g. https://slsa.dev/provenance/v1")
    .requiredOption("--predicate <file>", "predicate JSON file")
    .option(
      "-o, --output <file>",
      "bundle to write (default: FILE.intoto.sigstore.json; - for standard output)",
    )
    .addHelpText(
      "after",
      "\nExample:\n  bulwark attest app.tgz --key release.key --predicate-type https://example.com/review/v1 --predicate review.json",
    )
    .action(
      async (
        file: string,
        flags: { key: string; predicateType: string; predicate: string; output?: string },
      ) => {
        const { attestFile } = await import("../../provenance/file-use-cases.js");
        const output = flags.output ?? `${file}.intoto.sigstore.json`;
        const bundle = await attestFile(file, flags.key, flags.predicateType, flags.predicate);
        emit(JSON.stringify(bundle, null, 2), output);
        if (output !== "-") process.stderr.write(`wrote ${output}\n`);
      },
    );
}
