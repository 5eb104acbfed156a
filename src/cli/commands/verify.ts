import type { Command } from "commander";
import { BulwarkError } from "../../model/errors.js";
import { checkReportFormat, renderReport, reportFormats } from "../../report/registry.js";
import { terminalText } from "../../report/terminal-text.js";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { writeResult } from "../io.js";
import { formatOption, outputOption } from "../options.js";

/** The one exit-code rule of every `verify` command (also in docs/provenance.md). */
const EXIT_CODES_HELP = `
Exit codes (every verify command):
  0  verified
  1  rejected: the evidence (bundle, attestations, registry metadata) was examined and does not hold,
     including evidence that is malformed, truncated, oversized or of an unknown version
  2  not examined: a usage error (the artifact, key or identity the bundle needs is missing, options
     contradict each other), or an input you supply cannot be used (artifact, key, trusted root or
     registry keys missing, unreadable or malformed); the message names the file`;

/** What to write on the command line when the library says an input is missing (`details.need`). */
const NEED_HINTS: Record<string, string> = {
  artifact:
    "give the artifact (second argument or --artifact FILE) or --digest sha256:HEX; for a DSSE attestation, --envelope-only verifies the envelope alone",
  "one-artifact": "give only one of: the artifact (argument or --artifact), --digest, --envelope-only",
  key: "pass the signer's public key with --key FILE",
  identity: "give --certificate-identity (or --certificate-identity-regexp) and --certificate-oidc-issuer",
  "package-version": "pass --package-version V",
};

/** The same error with the command line's hint for a missing input, when the library names one. */
async function withFlagHint(error: unknown): Promise<unknown> {
  if (!(error instanceof BulwarkError)) return error;
  const need = error.details.need;
  const hint = typeof need === "string" ? NEED_HINTS[need] : undefined;
  if (!hint) return error;
  const { ProvenanceError } = await import("../../provenance/errors.js");
  return new ProvenanceError(error.message, {
    code: error.code,
    details: { ...error.details },
    hint,
    cause: error,
  });
}

/**
 * Runs a verification and returns the exit code: 0 verified; a rejection (VerificationFailure) is 1,
 * printed as JSON too in JSON format. Any other error propagates to the exit-code mapping (2), with the flag
 * to use when an input is missing.
 */
async function report(
  ctx: CliContext,
  format: string,
  subject: string,
  run: () => Promise<string>,
  output?: string,
): Promise<number> {
  const { VerificationFailure } = await import("../../provenance/errors.js");
  let text: string;
  try {
    text = await run();
  } catch (error) {
    if (format !== "json" || !(error instanceof VerificationFailure)) throw await withFlagHint(error);
    const { rejectionJson } = await import("../../report/provenance.js");
    await writeResult(ctx, rejectionJson(error, subject), output);
    ctx.stderr.write(`bulwark: ${terminalText(error.message)}\n`);
    return 1;
  }
  await writeResult(ctx, text, output);
  return 0;
}

/** `bulwark verify`: Sigstore bundles, npm provenance, npm registry signatures; offline. */
export function register(program: Command, ctx: CliContext): void {
  const verify = program
    .command("verify")
    .description("Verify signatures and provenance offline (exit 0 verified, 1 rejected, 2 not examined)");
  withExamples(
    verify,
    [
      "bulwark verify bundle app.tgz.sigstore.json app.tgz --key release.pub",
      "bulwark verify npm pkg-1.0.0.tgz --attestations att.json --source-uri github.com/org/repo",
      "bulwark verify registry-signature version.json -f json",
    ],
    EXIT_CODES_HELP,
  );

  const bundleCommand = verify
    .command("bundle")
    .description(
      "Verify a Sigstore bundle (v0.1-v0.3, message signature or DSSE) against an artifact or its digest",
    )
    .argument("<bundle>", "bundle file (.sigstore.json)")
    .argument("[artifact]", "the signed file (same as --artifact)")
    .option(
      "--artifact <FILE>",
      "the signed file; for DSSE bundles, it must be a subject of the in-toto statement",
    )
    .option("--digest <SHA256:HEX>", "the artifact's sha256 instead of the file")
    .option(
      "--envelope-only",
      "DSSE bundles without an artifact: verify the envelope's signature, log and signer only; the statement's subjects are listed, not checked",
    )
    .option(
      "--trusted-root <FILE>",
      "Sigstore trusted root (default: refreshed by `trust update`, else the pinned production root)",
    )
    .option("--key <PUBKEY>", "public key (PEM) for bundles signed with a managed key")
    .option("--certificate-identity <ID>", "exact certificate identity (SAN): an e-mail or workflow URI")
    .option("--certificate-identity-regexp <RE>", "regular expression the certificate identity must match")
    .option("--certificate-oidc-issuer <URL>", "exact OIDC issuer of the certificate")
    .addOption(formatOption(reportFormats("bundle-verification"), "text"))
    .addOption(outputOption());
  withExamples(
    bundleCommand,
    [
      "bulwark verify bundle a.txt.sigstore.json a.txt \\",
      "  --certificate-identity https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1.0.0 \\",
      "  --certificate-oidc-issuer https://token.actions.githubusercontent.com",
      "bulwark verify bundle app.sigstore.json --digest sha256:<hex> --key cosign.pub",
      "bulwark verify bundle provenance.sigstore.json --envelope-only --key release.pub -f json",
    ],
    `A message signature needs the artifact (or --digest). A DSSE attestation needs it too, so that the
artifact is checked against the statement's subjects; --envelope-only verifies the envelope alone and
says so ("artifact NOT checked", JSON "artifactChecked": false). Without either: exit 2.
${EXIT_CODES_HELP}`,
  );
  bundleCommand.action(
    returnsExitCode(
      async (
        bundle: string,
        positional: string | undefined,
        flags: Record<string, string | boolean | undefined>,
      ) => {
        const text = (name: string) =>
          typeof flags[name] === "string" ? (flags[name] as string) : undefined;
        const format = checkReportFormat("bundle-verification", text("format") ?? "text");
        const { UsageError } = await import("../io.js");
        if (positional && flags.artifact)
          throw new UsageError("give the artifact once (positional or --artifact)");
        if (flags.certificateIdentity && flags.certificateIdentityRegexp) {
          throw new UsageError("give --certificate-identity or --certificate-identity-regexp, not both");
        }
        const { verifyBundleFile } = await import("../../provenance/file-use-cases.js");
        return report(
          ctx,
          format,
          bundle,
          async () => {
            const result = await verifyBundleFile(
              {
                bundle,
                artifact: positional ?? text("artifact"),
                digest: text("digest"),
                envelopeOnly: flags.envelopeOnly === true,
                trustedRoot: text("trustedRoot"),
                key: text("key"),
                identity: {
                  subject: text("certificateIdentity"),
                  subjectPattern: text("certificateIdentityRegexp"),
                  issuer: text("certificateOidcIssuer"),
                },
              },
              await ctx.trustStore(),
            );
            return renderReport("bundle-verification", format, { source: bundle, result }, {});
          },
          text("output"),
        );
      },
    ),
  );

  const npmCommand = verify
    .command("npm")
    .description("Verify an npm tarball's provenance and publish attestations, as slsa-verifier does")
    .argument("<tarball>", "the package .tgz")
    .requiredOption(
      "--attestations <FILE>",
      'the registry\'s attestations for this version ({"attestations": [...]})',
    )
    .option("--source-uri <URI>", "expected source repository, e.g. github.com/ORG/REPO")
    .option("--builder-id <ID>", "expected builder id (without @version: any version)")
    .option("--source-ref <REF>", "expected git ref (refs/tags/v1.0.0, or a tag or branch name)")
    .option("--package-name <NAME>", "expected package name (default: from the tarball's package.json)")
    .option("--package-version <VERSION>", "expected version (default: from the tarball's package.json)")
    .option("--trusted-root <FILE>", "Sigstore trusted root")
    .option("--registry-keys <FILE>", "npm registry keys (default: refreshed, else pinned)")
    .addOption(formatOption(reportFormats("npm-verification"), "text"))
    .addOption(outputOption());
  withExamples(
    npmCommand,
    [
      "curl -s https://registry.npmjs.org/-/npm/v1/attestations/sigstore@2.3.1 > att.json",
      "bulwark verify npm sigstore-2.3.1.tgz --attestations att.json --source-uri github.com/sigstore/sigstore-js",
    ],
    EXIT_CODES_HELP,
  );
  npmCommand.action(
    returnsExitCode(async (tarball: string, flags: Record<string, string | undefined>) => {
      const format = checkReportFormat("npm-verification", flags.format ?? "text");
      const { verifyNpmFiles } = await import("../../provenance/file-use-cases.js");
      return report(
        ctx,
        format,
        tarball,
        async () =>
          renderReport(
            "npm-verification",
            format,
            await verifyNpmFiles(
              {
                tarball,
                attestations: flags.attestations as string,
                sourceUri: flags.sourceUri,
                builderId: flags.builderId,
                sourceRef: flags.sourceRef,
                packageName: flags.packageName,
                packageVersion: flags.packageVersion,
                trustedRoot: flags.trustedRoot,
                registryKeys: flags.registryKeys,
              },
              await ctx.trustStore(),
            ),
            {},
          ),
        flags.output,
      );
    }),
  );

  const registryCommand = verify
    .command("registry-signature")
    .description("Verify an npm version's dist.signatures with the registry's keys (honouring key expiry)")
    .argument("<metadata>", "version document ({name, version, dist}) or packument ({versions, time})")
    .option("--package-version <VERSION>", "version to check (required for a packument)")
    .option("--registry-keys <FILE>", "npm registry keys (default: refreshed, else pinned)")
    .addOption(formatOption(reportFormats("registry-verification"), "text"))
    .addOption(outputOption());
  withExamples(
    registryCommand,
    [
      "curl -s https://registry.npmjs.org/sigstore/2.3.1 > version.json",
      "bulwark verify registry-signature version.json",
      "curl -s https://registry.npmjs.org/sigstore > packument.json",
      "bulwark verify registry-signature packument.json --package-version 2.3.1 -f json",
    ],
    EXIT_CODES_HELP,
  );
  registryCommand.action(
    returnsExitCode(async (metadata: string, flags: Record<string, string | undefined>) => {
      const format = checkReportFormat("registry-verification", flags.format ?? "text");
      const { verifyRegistrySignatureFile } = await import("../../provenance/file-use-cases.js");
      return report(
        ctx,
        format,
        metadata,
        async () =>
          renderReport(
            "registry-verification",
            format,
            await verifyRegistrySignatureFile(
              { metadata, version: flags.packageVersion, registryKeys: flags.registryKeys },
              await ctx.trustStore(),
            ),
            {},
          ),
        flags.output,
      );
    }),
  );
}
