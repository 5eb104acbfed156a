import type { BundleVerification } from "../provenance/bundle-verify.js";
import type { VerificationFailure } from "../provenance/errors.js";
import type { NpmProvenanceVerification } from "../provenance/npm-attestations.js";
import type { RegistrySignatureVerification } from "../provenance/registry-signatures.js";

/** The JSON a `verify` command prints when the evidence is rejected (`--format json`). */
export function rejectionJson(error: VerificationFailure, subject: string): string {
  return JSON.stringify({ verified: false, subject, check: error.check, reason: error.message }, null, 2);
}

/**
 * `verify bundle` result as text or JSON (schema in docs/provenance.md). A DSSE bundle verified without an
 * artifact never reads as a plain "verified": the text says the artifact was not checked and JSON carries
 * `artifactChecked: false`.
 */
export function renderBundleVerification(
  source: string,
  result: BundleVerification,
  format: "text" | "json",
): string {
  const signer =
    result.signer.kind === "certificate"
      ? { kind: "certificate", ...result.signer.identity }
      : { kind: "public-key", hint: result.signer.hint };
  const json = {
    verified: true,
    artifactChecked: result.artifactChecked,
    bundle: source,
    mediaType: result.mediaType,
    content: result.content,
    signer,
    timestamps: result.timestamps.map((t) => t.toISOString()),
    transparencyLogEntries: result.transparencyLogEntries,
    ...(result.payloadType ? { payloadType: result.payloadType } : {}),
    ...(result.statement
      ? { predicateType: result.statement.predicateType, subjects: result.statement.subject }
      : {}),
    ...(result.matchedSubject ? { matchedSubject: result.matchedSubject.name } : {}),
  };
  if (format === "json") return JSON.stringify(json, null, 2);
  const lines = [
    result.artifactChecked
      ? `verified: ${source} (${result.content}, ${result.mediaType})`
      : `envelope verified, artifact NOT checked: ${source} (${result.content}, ${result.mediaType})`,
  ];
  if (result.signer.kind === "certificate") {
    lines.push(
      `  signer:   ${result.signer.identity.subjectAlternativeName ?? "?"} (issuer ${result.signer.identity.issuer ?? "?"})`,
    );
  } else lines.push(`  signer:   public key ${result.signer.hint}`);
  lines.push(
    `  logged:   ${result.transparencyLogEntries} transparency-log entr${result.transparencyLogEntries === 1 ? "y" : "ies"}`,
  );
  if (result.timestamps.length > 0)
    lines.push(`  signed at: ${result.timestamps.map((t) => t.toISOString()).join(", ")}`);
  if (result.statement)
    lines.push(
      `  statement: ${result.statement.predicateType}, ${result.statement.subject.length} subject(s)`,
    );
  if (result.matchedSubject) lines.push(`  artifact: subject ${result.matchedSubject.name}`);
  if (!result.artifactChecked) {
    lines.push(
      "  artifact: not checked: the signature over the envelope verified; no file was compared with the subjects",
    );
    for (const subject of result.statement?.subject ?? []) {
      const digests = Object.entries(subject.digest).map(([alg, hex]) => `${alg}:${hex}`);
      lines.push(`    subject ${subject.name} ${digests.join(" ")}`);
    }
  }
  return lines.join("\n");
}

/** `verify npm` result. */
export function renderNpmVerification(result: NpmProvenanceVerification, format: "text" | "json"): string {
  const { package: pkg, provenance, publish } = result;
  if (format === "json") {
    return JSON.stringify(
      {
        verified: true,
        package: { name: pkg.name, version: pkg.version, sha512: pkg.sha512Hex },
        provenance: {
          predicateType: provenance.predicateType,
          builderId: provenance.builderId,
          sourceRepository: provenance.sourceRepository,
          sourceRef: provenance.sourceRef,
          sourceDigest: provenance.sourceDigest,
          workflow: provenance.workflowPath,
          signer: provenance.signer.subjectAlternativeName,
          issuer: provenance.signer.issuer,
        },
        publish: { keyId: publish.keyId, signedAt: publish.signedAt?.toISOString() },
      },
      null,
      2,
    );
  }
  return [
    `verified: ${pkg.name}@${pkg.version}`,
    `  built from: ${provenance.sourceRepository ?? "?"}@${provenance.sourceRef ?? "?"} (${provenance.sourceDigest ?? "no commit"})`,
    `  builder:    ${provenance.builderId}`,
    `  signed by:  ${provenance.signer.subjectAlternativeName ?? "?"}`,
    `  published:  npm registry key ${publish.keyId}${publish.signedAt ? ` at ${publish.signedAt.toISOString()}` : ""}`,
  ].join("\n");
}

/** `verify registry-signature` result. */
export function renderRegistryVerification(
  result: RegistrySignatureVerification & { name: string; version: string },
  format: "text" | "json",
): string {
  if (format === "json")
    return JSON.stringify(
      { verified: true, name: result.name, version: result.version, keyId: result.keyId },
      null,
      2,
    );
  return `verified: ${result.name}@${result.version} registry signature by ${result.keyId}`;
}
