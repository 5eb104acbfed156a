import { createHash, createPublicKey, type KeyObject, sign } from "node:crypto";
import {
  bundleToJSON,
  type SerializedBundle,
  toDSSEBundle,
  toMessageSignatureBundle,
} from "@sigstore/bundle";
import { dsse } from "@sigstore/core";
import { keyHint } from "./keys.js";
import { signingDigest } from "./signature-content.js";
import { IN_TOTO_PAYLOAD_TYPE, type InTotoStatement, type StatementSubject } from "./statement.js";

/**
 * Signs an artifact with a managed key: a v0.3 message-signature bundle whose verification material is
 * the public key's hint. Made offline, it carries no log entry; `verify bundle --key` accepts it.
 */
export function signArtifact(artifact: Buffer, privateKey: KeyObject): SerializedBundle {
  const signature = sign(signingDigest(privateKey), artifact, privateKey);
  const bundle = toMessageSignatureBundle({
    digest: createHash("sha256").update(artifact).digest(),
    signature,
    keyHint: keyHint(createPublicKey(privateKey)),
  });
  return bundleToJSON(bundle);
}

/** Signs any DSSE payload with a managed key: a v0.3 DSSE bundle with the key's hint as keyid. */
export function signEnvelope(payload: Buffer, payloadType: string, privateKey: KeyObject): SerializedBundle {
  const signature = sign(signingDigest(privateKey), dsse.preAuthEncoding(payloadType, payload), privateKey);
  const bundle = toDSSEBundle({
    artifact: payload,
    artifactType: payloadType,
    signature,
    keyHint: keyHint(createPublicKey(privateKey)),
  });
  return bundleToJSON(bundle);
}

/** The in-toto subject for a file: its name and SHA-256 (and SHA-512 when asked, as npm and SLSA use). */
export function subjectFor(
  name: string,
  bytes: Buffer,
  algorithms: ("sha256" | "sha512")[] = ["sha256"],
): StatementSubject {
  const digest: Record<string, string> = {};
  for (const algorithm of algorithms) digest[algorithm] = createHash(algorithm).update(bytes).digest("hex");
  return { name, digest };
}

/** An in-toto Statement v1 about `subjects`. */
export function statementFor(
  subjects: StatementSubject[],
  predicateType: string,
  predicate: unknown,
): InTotoStatement {
  return { _type: "https://in-toto.io/Statement/v1", subject: subjects, predicateType, predicate };
}

/** Signs an in-toto statement as a DSSE bundle. */
export function signStatement(statement: InTotoStatement, privateKey: KeyObject): SerializedBundle {
  return signEnvelope(Buffer.from(JSON.stringify(statement)), IN_TOTO_PAYLOAD_TYPE, privateKey);
}
