import type { Command } from "commander";
import { Option } from "commander";
import { terminalText } from "../../report/terminal-text.js";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { checkOutputPath, parseFormat, UsageError, writeResult } from "../io.js";
import { formatOption } from "../options.js";

const FORMATS = ["text", "json"] as const;

interface GenerateFlags {
  type: string;
  output?: string;
  /** The former spelling of --output, still accepted. */
  out?: string;
  force?: boolean;
  format: string;
}

/** `bulwark keys generate`: a PEM key pair for `sign`, `attest` and `provenance`. */
export function register(program: Command, ctx: CliContext): void {
  const keys = program.command("keys").description("Manage signing keys");
  withExamples(keys, ["bulwark keys generate -o release   # release.key (secret) and release.pub"]);
  const generate = keys
    .command("generate")
    .description(
      "Generate a signing key pair: PREFIX.key (PKCS#8 private, mode 600) and PREFIX.pub (SPKI public)",
    )
    .option("--type <TYPE>", "ecdsa-p256 or ed25519", "ecdsa-p256")
    .addOption(new Option("-o, --output <PREFIX>", "path prefix of the two files written (required)"))
    .addOption(new Option("--out <PREFIX>", "former spelling of --output").hideHelp())
    .option("--force", "overwrite existing files")
    .addOption(formatOption(FORMATS, "text"));
  withExamples(generate, [
    "bulwark keys generate --type ed25519 -o release   # release.key, release.pub",
    "bulwark keys generate -o keys/ci --force -f json",
  ]);
  generate.action(
    returnsExitCode(async (flags: GenerateFlags) => {
      const format = parseFormat(flags.format, FORMATS);
      const prefix = flags.output ?? flags.out;
      if (!prefix)
        throw new UsageError("say where to write the key pair", {
          hint: "give -o PREFIX, e.g. -o release for release.key and release.pub",
        });
      if (flags.out !== undefined) await checkOutputPath(flags.out);
      const { KEY_TYPES, generateKeyPair } = await import("../../provenance/keys.js");
      const type = parseFormat(flags.type, KEY_TYPES);
      const { access } = await import("node:fs/promises");
      const privatePath = `${prefix}.key`;
      const publicPath = `${prefix}.pub`;
      for (const path of [privatePath, publicPath]) {
        const exists = await access(path).then(
          () => true,
          () => false,
        );
        if (exists && !flags.force)
          throw new UsageError(`${path} exists`, { hint: "choose another -o PREFIX or pass --force" });
      }
      const pair = generateKeyPair(type);
      const { writeFile } = await import("node:fs/promises");
      await writeFile(privatePath, pair.privateKeyPem, { mode: 0o600 });
      await writeFile(publicPath, pair.publicKeyPem);
      await writeResult(
        ctx,
        format === "json"
          ? JSON.stringify({ type, privateKey: privatePath, publicKey: publicPath, hint: pair.hint }, null, 2)
          : terminalText(`wrote ${privatePath} (keep secret) and ${publicPath}; key hint ${pair.hint}`),
      );
      return 0;
    }),
  );
}
