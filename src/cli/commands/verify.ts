import type { Command } from "commander";
import { emit, parseFormat } from "../io.js";

const FORMATS = ["text", "json"] as const;

/** Runs a verification; in JSON format a rejection is printed as JSON too (exit 1 either way). */
async function report(
  format: (typeof FORMATS)[number],
  subject: string,
  run: () => Promise<string> | string,
  output?: string,
): Promise<void> {
  const { VerificationFailure } = await import("../../provenance/errors.js");
  try {
    emit(await run(), output);
  } catch (error) {
    if (format !== "json" || !(error instanceof VerificationFailure)) throw error;
    const { rejectionJson } = await import("../../provenance/render.js");
    emit(rejectionJson(error, subject), output);
    process.stderr.write(`bulwark: ${error.message}\n`);
    process.exitCode = 1;
  }
}

/** `bulwark verify`: Sigstore bundles, npm provenance, npm registry signatures; offline. Exit 0 verified, 1 rejected, 2 usage. */
export function register(program: Command): void {
  const verify = program
    .command("verify")
    .description("Verify signatures and provenance offline (exit 0 verified, 1 rejected, 2 usage error)");

  verify
    .command("bundle")
    .description(
      "Verify a Sigstore bundle (v0.1-v0.3, message signature or DSSE) against an artifact or its digest",
    )
    .argument("<bundle>", "bundle file (.sigstore.json)")
    .argument("[artifact]", "the signed file (same as --artifact)")
    .option(
      "--artifact <file>",
      "the signed file; for DSSE bundles, it must be a subject of the in-toto statement",
    )
    .option("--digest <sha256:hex>", "the artifact's sha256 instead of the file")
    .option(
      "--trusted-root <file>",
      "Sigstore trusted root (default: refreshed by `trust update`, else the pinned production root)",
    )
    .option("--key <pubkey>", "public key (PEM) for bundles signed with a managed key")
    .option("--certificate-identity <id>", "exact certificate identity (SAN): an e-mail or workflow URI")
    .option("--certificate-identity-regexp <re>", "regular expression the certificate identity must match")
    .option("--certificate-oidc-issuer <url>", "exact OIDC issuer of the certificate")
    .option("--format <format>", "text or json", "text")
    .option("-o, --output <file>", "write the result to a file")
    .addHelpText(
      "after",
      `
Examples:
  bulwark verify bundle a.txt.sigstore.json a.txt \\
    --certificate-identity https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.0.0 \\
    --certificate-oidc-issuer https://token.actions.githubusercontent.com
  bulwark verify bundle app.sigstore.json --digest sha256:<hex> --key cosign.pub`,
    )
    .action(
      async (bundle: string, positional: string | undefined, flags: Record<string, string | undefined>) => {
        const format = parseFormat(flags.format ?? "text", FORMATS);
        const { UsageError } = await import("../io.js");
        if (positional && flags.artifact)
          throw new UsageError("give the artifact once (positional or --artifact)");
        if (flags.certificateIdentity && flags.certificateIdentityRegexp) {
          throw new UsageError("give --certificate-identity or --certificate-identity-regexp, not both");
        }
        const { verifyBundleFile } = await import("../../provenance/file-use-cases.js");
        const { renderBundleVerification } = await import("../../provenance/render.js");
        await report(
          format,
          bundle,
          () => {
            const result = verifyBundleFile({
              bundle,
              artifact: positional ?? flags.artifact,
              digest: flags.digest,
              trustedRoot: flags.trustedRoot,
              key: flags.key,
              identity: {
                subject: flags.certificateIdentity,
                subjectPattern: flags.certificateIdentityRegexp,
                issuer: flags.certificateOidcIssuer,
              },
            });
            return renderBundleVerification(bundle, result, format);
          },
          flags.output,
        );
      },
    );

  verify
    .command("npm")
    .description("Verify an npm tarball's provenance and publish attestations, as slsa-verifier does")
    .argument("<tarball>", "the package .tgz")
    .requiredOption(
      "--attestations <file>",
      'the registry\'s attestations for this version ({"attestations": [...]})',
    )
    .option("--source-uri <uri>", "expected source repository, e.g. github.com/ORG/REPO")
    .option("--builder-id <id>", "expected builder id (without @version: any version)")
    .option("--source-ref <ref>", "expected git ref (refs/tags/v1.0.0, or a tag or branch name)")
    .option("--package-name <name>", "expected package name (default: from the tarball's package.json)")
    .option("--package-version <version>", "expected version (default: from the tarball's package.json)")
    .option("--trusted-root <file>", "Sigstore trusted root")
    .option("--registry-keys <file>", "npm registry keys (default: refreshed, else pinned)")
    .option("--format <format>", "text or json", "text")
    .option("-o, --output <file>", "write the result to a file")
    .addHelpText(
      "after",
      `
Example:
  curl -s https://registry.npmjs.org/-/npm/v1/attestations/sigstore@2.3.1 > att.json
  bulwark verify npm sigstore-2.3.1.tgz --attestations att.json --source-uri github.com/sigstore/sigstore-js`,
    )
    .action(async (tarball: string, flags: Record<string, string | undefined>) => {
      const format = parseFormat(flags.format ?? "text", FORMATS);
      const { verifyNpmFiles } = await import("../../provenance/file-use-cases.js");
      const { renderNpmVerification } = await import("../../provenance/render.js");
      await report(
        format,
        tarball,
        () =>
          renderNpmVerification(
            verifyNpmFiles({
              tarball,
              attestations: flags.attestations as string,
              sourceUri: flags.sourceUri,
              builderId: flags.builderId,
              sourceRef: flags.sourceRef,
              packageName: flags.packageName,
              packageVersion: flags.packageVersion,
              trustedRoot: flags.trustedRoot,
              registryKeys: flags.registryKeys,
            }),
            format,
          ),
        flags.output,
      );
    });

  verify
    .command("registry-signature")
    .description("Verify an npm version's dist.signatures with the registry's keys (honouring key expiry)")
    .argument("<metadata>", "version document ({name, version, dist}) or packument ({versions, time})")
    .option("--package-version <version>", "version to check (required for a packument)")
    .option("--registry-keys <file>", "npm registry keys (default: refreshed, else pinned)")
    .option("--format <format>", "text or json", "text")
    .option("-o, --output <file>", "write the result to a file")
    .action(async (metadata: string, flags: Record<string, string | undefined>) => {
      const format = parseFormat(flags.format ?? "text", FORMATS);
      const { verifyRegistrySignatureFile } = await import("../../provenance/file-use-cases.js");
      const { renderRegistryVerification } = await import("../../provenance/render.js");
      await report(
        format,
        metadata,
        () =>
          renderRegistryVerification(
            verifyRegistrySignatureFile({
              metadata,
              version: flags.packageVersion,
              registryKeys: flags.registryKeys,
            }),
            format,
          ),
        flags.output,
      );
    });
}
