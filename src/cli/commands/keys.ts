import type { Command } from "commander";
import { emit, parseFormat } from "../io.js";

/** `bulwark keys generate`: a PEM key pair for `sign`, `attest` and `provenance`. */
export function register(program: Command): void {
  const keys = program.command("keys").description("Manage signing keys");
  keys
    .command("generate")
    .description(
      "Generate a signing key pair: PREFIX.key (PKCS#8 private, mode 600) and PREFIX.pub (SPKI public)",
    )
    .option("--type <type>", "ecdsa-p256 or ed25519", "ecdsa-p256")
    .requiredOption("--out <prefix>", "output path prefix")
    .option("--force", "overwrite existing files")
    .option("--format <format>", "text or json", "text")
    .addHelpText(
      "after",
      "\nExample:\n  bulwark keys generate --type ed25519 --out release   # release.key, release.pub",
    )
    .action(async (flags: { type: string; out: string; force?: boolean; format: string }) => {
      const format = parseFormat(flags.format, ["text", "json"] as const);
      const { KEY_TYPES, generateKeyPair } = await import("../../provenance/keys.js");
      const type = parseFormat(flags.type, KEY_TYPES);
      const { existsSync, writeFileSync } = await import("node:fs");
      const { UsageError } = await import("../io.js");
      const privatePath = `${flags.out}.key`;
      const publicPath = `${flags.out}.pub`;
      for (const path of [privatePath, publicPath]) {
        if (existsSync(path) && !flags.force)
          throw new UsageError(`${path} exists`, { hint: "choose another --out or pass --force" });
      }
      const pair = generateKeyPair(type);
      writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600 });
      writeFileSync(publicPath, pair.publicKeyPem);
      emit(
        format === "json"
          ? JSON.stringify({ type, privateKey: privatePath, publicKey: publicPath, hint: pair.hint }, null, 2)
          : `wrote ${privatePath} (keep secret) and ${publicPath}; key hint ${pair.hint}`,
      );
    });
}
