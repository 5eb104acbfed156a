import type { Command } from "commander";
import { terminalText } from "../../report/terminal-text.js";
import { returnsExitCode } from "../action.js";
import { type CliContext, toStdout } from "../context.js";
import { withExamples } from "../help.js";
import { writeResult } from "../io.js";
import { outputOption } from "../options.js";

/** `bulwark sign FILE`: a Sigstore message-signature bundle, with a key or keylessly in CI. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command("sign")
    .description("Sign a file: a Sigstore bundle (v0.3) verifiable with `bulwark verify bundle --key`")
    .argument("<file>", "file to sign")
    .option(
      "--key <PRIVATE-KEY>",
      "PEM private key (from `bulwark keys generate`); without it, keyless signing in CI",
    )
    .addOption(outputOption("the bundle", "FILE.sigstore.json; - for standard output"))
    .option("--fulcio-url <URL>", "Fulcio for keyless signing")
    .option("--rekor-url <URL>", "Rekor for keyless signing");
  withExamples(command, [
    "bulwark sign dist/app.tgz --key release.key   # writes dist/app.tgz.sigstore.json",
    "bulwark sign dist/app.tgz -o - > app.bundle   # keyless in CI (SIGSTORE_ID_TOKEN or GitHub Actions)",
  ]);
  command.action(
    returnsExitCode(
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
          if (!ciIdentityAvailable(ctx.env)) {
            throw new UsageError("no --key and no CI identity token for keyless signing", {
              hint: "pass --key KEY (bulwark keys generate), or run in CI with SIGSTORE_ID_TOKEN or GitHub Actions' id-token permission",
            });
          }
          const { readInputFile } = await import("../../provenance/json-input.js");
          bundle = await signArtifactKeyless(await readInputFile(file, "file"), {
            fulcioUrl: flags.fulcioUrl,
            rekorUrl: flags.rekorUrl,
            identityToken: ctx.settings.sigstoreIdToken,
          });
        }
        await writeResult(ctx, JSON.stringify(bundle, null, 2), output);
        if (!toStdout(output)) ctx.stderr.write(`wrote ${terminalText(output)}\n`);
        return 0;
      },
    ),
  );
}
