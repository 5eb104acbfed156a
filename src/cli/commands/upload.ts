import type { Command } from "commander";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { UsageError, writeResult } from "../io.js";
import { formatOption } from "../options.js";

/** `bulwark upload FILE --server URL --project NAME`: send an SBOM or inventory to a Bulwark server. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("upload")
    .description("Upload an SBOM (CycloneDX, SPDX) or a Bulwark inventory to a Bulwark server")
    .argument("<file>", "the document")
    .requiredOption("--server <URL>", "the server, e.g. https://bulwark.example.org")
    .requiredOption("--project <NAME>", "the project (created on first upload; may hold '/')")
    .option("--version <LABEL>", "branch or release the snapshot belongs to")
    .addOption(formatOption(["text", "json"], "text"))
    .addHelpText(
      "after",
      `
The API key comes from BULWARK_API_KEY (a key with the write role).

Examples:
  bulwark sbom . -o bom.cdx.json && bulwark upload bom.cdx.json --server https://bulwark.example.org --project payments/api
  bulwark inventory . -f json -o app.inventory.json
  bulwark upload app.inventory.json --server http://127.0.0.1:8080 --project web --version main`,
    )
    .action(
      returnsExitCode(
        async (
          file: string,
          flags: { server: string; project: string; version?: string; format: string },
        ): Promise<number> => {
          // loaded here, not at start: every command pays only for what it uses
          const [{ readTextFile }, { uploadToServer }] = await Promise.all([
            import("../../inventory/disk-source.js"),
            import("../upload-client.js"),
          ]);
          let body: string;
          try {
            body = await readTextFile(file, 512 * 1024 * 1024);
          } catch (error) {
            throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
          }
          const answer = await uploadToServer({ ...flags, body, key: ctx.settings.apiKey });
          await writeResult(
            ctx,
            flags.format === "json"
              ? JSON.stringify(answer, null, 2)
              : `${answer.project.name}${answer.snapshot.version ? `@${answer.snapshot.version}` : ""}: snapshot ${answer.snapshot.id}, ${answer.components} components; findings ${answer.findings.new} new, ${answer.findings.fixed} fixed, ${answer.findings.open} open`,
          );
          return 0;
        },
      ),
    );
}
