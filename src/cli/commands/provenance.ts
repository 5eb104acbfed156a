import type { Command } from "commander";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { writeResult } from "../io.js";
import { outputOption } from "../options.js";

/** `bulwark provenance FILE...`: SLSA Provenance v1 for build outputs, signed with a key or keylessly in CI. */
export function register(program: Command, ctx: CliContext): void {
  const command = program
    .command("provenance")
    .description(
      "Write SLSA Provenance v1 for build outputs, signed (--key, or keyless with a CI OIDC token)",
    )
    .argument("<files...>", "build outputs (each becomes a subject with sha256 and sha512)")
    .requiredOption("--builder-id <ID>", "who built it (runDetails.builder.id)")
    .requiredOption("--source-uri <URI>", "source repository, e.g. git+https://github.com/o/r")
    .option("--source-digest <ALG:HEX>", "source revision, e.g. sha1:<git commit>")
    .option("--source-ref <REF>", "source ref, e.g. refs/tags/v1.0.0")
    .option("--build-type <URI>", "buildDefinition.buildType")
    .option("--invocation-id <ID>", "runDetails.metadata.invocationId (e.g. the CI run URL)")
    .option(
      "--key <PRIVATE-KEY>",
      "PEM private key; without it, keyless signing when a CI OIDC token is present",
    )
    .option("--unsigned", "write the bare statement instead of a signed bundle")
    .addOption(outputOption("the signed statement"))
    .option("--fulcio-url <URL>", "Fulcio for keyless signing")
    .option("--rekor-url <URL>", "Rekor for keyless signing");
  withExamples(command, [
    "bulwark provenance dist/*.tgz --builder-id https://ci.example/runner --source-uri git+https://github.com/o/r \\",
    "  --source-digest sha1:$(git rev-parse HEAD) --key release.key -o provenance.sigstore.json",
    "bulwark provenance app.tgz --builder-id https://ci.example/runner --source-uri git+https://github.com/o/r --unsigned",
  ]);
  command.action(
    returnsExitCode(async (files: string[], flags: Record<string, string | boolean | undefined>) => {
      const str = (name: string) => (typeof flags[name] === "string" ? (flags[name] as string) : undefined);
      const { provenanceForFiles, signStatementWithKeyFile } = await import(
        "../../provenance/file-use-cases.js"
      );
      const statement = await provenanceForFiles(files, {
        builderId: str("builderId") as string,
        sourceUri: str("sourceUri") as string,
        sourceDigest: str("sourceDigest"),
        sourceRef: str("sourceRef"),
        buildType: str("buildType"),
        invocationId: str("invocationId"),
      });
      let document: unknown = statement;
      const key = str("key");
      if (flags.unsigned) document = statement;
      else if (key) document = await signStatementWithKeyFile(statement, key);
      else {
        const { ciIdentityAvailable, signStatementKeyless } = await import("../../provenance/keyless.js");
        const { UsageError } = await import("../io.js");
        if (!ciIdentityAvailable(ctx.env)) {
          throw new UsageError("no --key and no CI identity token for keyless signing", {
            hint: "pass --key KEY, --unsigned for the bare statement, or run in CI with SIGSTORE_ID_TOKEN / id-token permission",
          });
        }
        document = await signStatementKeyless(statement, {
          fulcioUrl: str("fulcioUrl"),
          rekorUrl: str("rekorUrl"),
          identityToken: ctx.settings.sigstoreIdToken,
        });
      }
      await writeResult(ctx, JSON.stringify(document, null, 2), str("output"));
      return 0;
    }),
  );
}
