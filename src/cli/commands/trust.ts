import { join } from "node:path";
import type { Command } from "commander";
import type { TrustStore } from "../../provenance/trust.js";
import { emit, parseFormat } from "../io.js";

/**
 * Where `trust update` keeps refreshed trust material, from the environment: `BULWARK_TRUST_DIR`, else the
 * user data folder (`~/.local/share/bulwark/sigstore` on Linux). The library takes the folder as a value.
 */
export async function refreshedTrustDir(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.BULWARK_TRUST_DIR) return env.BULWARK_TRUST_DIR;
  const { default: envPaths } = await import("env-paths");
  return join(envPaths("bulwark", { suffix: "" }).data, "sigstore");
}

/** The trust store of one CLI run: explicit files, else the refreshed folder's, else the pinned copies. */
export async function cliTrustStore(env: NodeJS.ProcessEnv): Promise<TrustStore> {
  const { TrustStore } = await import("../../provenance/trust.js");
  return new TrustStore({ refreshedDir: await refreshedTrustDir(env) });
}

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
      const dir = flags.dir ?? (await refreshedTrustDir(process.env));
      const result = await updateTrust({ mirror: flags.mirror, dir });
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
      const resolved = await (await cliTrustStore(process.env)).resolve();
      const status = { trustedRoot: resolved.trustedRoot.source, registryKeys: resolved.registryKeysPath };
      emit(
        format === "json"
          ? JSON.stringify(status, null, 2)
          : `trusted root:  ${status.trustedRoot}\nregistry keys: ${status.registryKeys}`,
      );
    });
}
