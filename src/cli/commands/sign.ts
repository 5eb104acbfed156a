import type { Command } from "commander";
import { emit } from "../io.js";

/** `bulwark sign FILE`: a Sigstore message-signature bundle, with a key or keylessly in CI. */
export function register(program: Command): void {
  program
    .command("sign")
    .description("Sign a file: a Sigstore bundle (v0.3) verifiable with `bulwark verify bundle --key`")
    .argument("<file>", "file to sign")
    .option(
      "--key <private-key>",
      "PEM private key (from `bulwark keys generate`); without it, keyless signing in CI",
    )
    .option("-o, --output <file>", "bundle to write (default: FILE.sigstore.json; - for standard output)")
    .option("--fulcio-url <url>", "Fulcio for keyless signing")
    .option("--rekor-url <url>", "Rekor for keyless signing")
    .addHelpText(
      "after",
      "\nExample:\n  bulwark sign dist/app.tgz --key release.key   # writes dist/app.tgz.sigstore.json",
    )
    .action(
      async (
        file: string,
        flags: { key?: string; output?: string; fulcioUrl?: string; rekorUrl?: string },
      ) => {
        const output = flags.output ?? `${file}.sigstore.json`;
        let bundle: unknown;
        if (flags.key) {
          const { signFile } = await import("../../provenance/file-use-cases.js");
          bundle = await signFile(file, flags.key);
        } else {
          const { ciIdentityAvailable, signArtifactKeyless } = await import("../../provenance/keyless.js");
          const { UsageError } = await import("../io.js");
          if (!ciIdentityAvailable(process.env)) {
            throw new UsageError("no --key and no CI identity token for keyless signing", {
              hint: "pass --key KEY (bulwark keys generate), or run in CI with SIGSTORE_ID_TOKEN or GitHub Actions' id-token permission",
            });
          }
          const { readInputFile } = await import("../../provenance/json-input.js");
          bundle = await signArtifactKeyless(await readInputFile(file, "file"), {
            fulcioUrl: flags.fulcioUrl,
            rekorUrl: flags.rekorUrl,
            identityToken: process.env.SIGSTORE_ID_TOKEN || undefined,
          });
        }
        emit(JSON.stringify(bundle, null, 2), output);
        if (output !== "-") process.stderr.write(`wrote ${output}\n`);
      },
    );
}
