import type { Command } from "commander";
import { emit, parseFormat } from "../io.js";

/** `bulwark trust`: the Sigstore trusted root and npm registry keys used for verification. */
export function register(program: Command): void {
  const trust = program
    .command("trust")
    .description(
      "Manage the trust material used for verification (Sigstore trusted root, npm registry keys)",
    );
  trust
    .command("update")
    .description(
      "Refresh the trusted root and npm registry keys through Sigstore's TUF repository (needs the network)",
    )
    .option("--mirror <url>", "TUF repository", "https://tuf-repo-cdn.sigstore.dev")
    .option("--dir <dir>", "where to store them (default: $BULWARK_TRUST_DIR or the user data directory)")
    .option("--format <format>", "text or json", "text")
    .action(async (flags: { mirror: string; dir?: string; format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { updateTrust } = await import("../../provenance/trust-update.js");
      const result = await updateTrust({ mirror: flags.mirror, dir: flags.dir });
      emit(
        format === "json"
          ? JSON.stringify(result, null, 2)
          : `updated from ${result.mirror}:\n  ${result.trustedRoot}\n  ${result.npmKeys}`,
      );
    });
  trust
    .command("status")
    .description("Show which trusted root and npm registry keys verification uses")
    .option("--format <format>", "text or json", "text")
    .action(async (flags: { format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { resolveTrust } = await import("../../provenance/trust.js");
      const resolved = resolveTrust();
      const status = { trustedRoot: resolved.trustedRoot.path, registryKeys: resolved.registryKeysPath };
      emit(
        format === "json"
          ? JSON.stringify(status, null, 2)
          : `trusted root:  ${status.trustedRoot}\nregistry keys: ${status.registryKeys}`,
      );
    });
}
