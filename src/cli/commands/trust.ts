import type { Command } from "commander";
import { terminalText } from "../../report/terminal-text.js";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { parseFormat, writeResult } from "../io.js";
import { formatOption } from "../options.js";

const FORMATS = ["text", "json"] as const;

/** `bulwark trust`: the Sigstore trusted root and npm registry keys used for verification. */
export function register(program: Command, ctx: CliContext): void {
  const trust = program
    .command("trust")
    .description(
      "Manage the trust material used for verification (Sigstore trusted root, npm registry keys)",
    );
  withExamples(trust, [
    "bulwark trust update      # refresh through Sigstore's TUF repository (online)",
    "bulwark trust status      # which files verification uses",
  ]);
  const update = trust
    .command("update")
    .description(
      "Refresh the trusted root and npm registry keys through Sigstore's TUF repository (needs the network)",
    )
    .option("--mirror <URL>", "TUF repository", "https://tuf-repo-cdn.sigstore.dev")
    .option("--dir <DIR>", "where to store them (default: $BULWARK_TRUST_DIR or the user data folder)")
    .addOption(formatOption(FORMATS, "text"));
  withExamples(update, [
    "bulwark trust update",
    "BULWARK_TRUST_DIR=/srv/bulwark/trust bulwark trust update -f json",
  ]);
  update.action(
    returnsExitCode(async (flags: { mirror: string; dir?: string; format: string }) => {
      const format = parseFormat(flags.format, FORMATS);
      const { updateTrust } = await import("../../provenance/trust-update.js");
      const dir = flags.dir ?? (await ctx.trustDir());
      const result = await updateTrust({ mirror: flags.mirror, dir });
      await writeResult(
        ctx,
        format === "json"
          ? JSON.stringify(result, null, 2)
          : terminalText(`updated from ${result.mirror}:`) +
              `\n  ${terminalText(result.trustedRoot)}\n  ${terminalText(result.npmKeys)}`,
      );
      return 0;
    }),
  );
  const status = trust
    .command("status")
    .description("Show which trusted root and npm registry keys verification uses")
    .addOption(formatOption(FORMATS, "text"));
  withExamples(status, ["bulwark trust status", "bulwark trust status -f json"]);
  status.action(
    returnsExitCode(async (flags: { format: string }) => {
      const format = parseFormat(flags.format, FORMATS);
      const resolved = await (await ctx.trustStore()).resolve();
      const found = { trustedRoot: resolved.trustedRoot.source, registryKeys: resolved.registryKeysPath };
      await writeResult(
        ctx,
        format === "json"
          ? JSON.stringify(found, null, 2)
          : `trusted root:  ${terminalText(found.trustedRoot)}\nregistry keys: ${terminalText(found.registryKeys)}`,
      );
      return 0;
    }),
  );
}
