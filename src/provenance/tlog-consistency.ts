import type { TransparencyLogEntry } from "@sigstore/bundle";
import { crypto } from "@sigstore/core";
import type { TrustMaterial } from "@sigstore/verify";
import { VerificationFailure } from "./errors.js";

type LogAuthority = TrustMaterial["tlogs"][number];

/**
 * Checks a bundle's transparency-log entries for fields that contradict what the log signed, before the
 * library verifies inclusion. The library computes the Merkle root from the signed checkpoint and never
 * reads the proof's own `rootHash` and `treeSize`, accepts a checkpoint signed by any trusted log whatever
 * log the entry names, and reads the entry's `logIndex` only inside a signed entry timestamp (SET), which
 * Rekor v2 entries do not have. So a changed copy of those fields went unnoticed. What binds each field,
 * as sigstore-go checks it:
 *
 * - `logId.keyId` names the log: it must be a log of the trusted root, and the checkpoint must carry a
 *   valid signature of that very log (check `tlog-log-id`, or `tlog-checkpoint` for a bad signature);
 * - `inclusionProof.treeSize` and `rootHash` must equal the size and root hash the checkpoint signs
 *   (`tlog-tree-size`, `tlog-root-hash`);
 * - `inclusionProof.logIndex` is the leaf the proof is computed for: inside the tree (`tlog-log-index`);
 * - the entry's `logIndex`: a non-negative integer; for a Rekor v2 log it is the leaf index itself and must
 *   equal the proof's; Rekor v1 logs are sharded and their checkpoints name the shard (`origin - treeID`),
 *   so the entry's global index can only be at least the index within the shard; the SET binds the rest
 *   (`tlog-log-index`);
 * - a Rekor v2 checkpoint's origin is the log's host name (`tlog-checkpoint`);
 * - one log entry counts once: the same log and index twice is rejected (`tlog-duplicate`).
 */
export function checkTransparencyLogConsistency(
  entries: TransparencyLogEntry[],
  tlogs: LogAuthority[],
  source: string,
): void {
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const where = `${source}: transparency-log entry ${i}`;
    const entryIndex = nonNegative(entry.logIndex, "log index", where);
    const log = namedLog(entry, tlogs, where);
    const key = `${log.logID.toString("base64")}/${entryIndex}`;
    if (seen.has(key)) {
      throw new VerificationFailure(
        "tlog-duplicate",
        `${where} repeats the entry at index ${entryIndex} of ${log.baseURL}: an entry counts once`,
      );
    }
    seen.add(key);
    if (entry.inclusionProof) checkInclusionProof(entry, entryIndex, log, where);
  });
}

/** The trusted log the entry's `logId` names. */
function namedLog(entry: TransparencyLogEntry, tlogs: LogAuthority[], where: string): LogAuthority {
  const keyId = entry.logId?.keyId;
  const log = keyId ? tlogs.find((t) => t.logID.equals(keyId)) : undefined;
  if (!log) {
    throw new VerificationFailure(
      "tlog-log-id",
      `${where} names log ${keyId ? keyId.toString("base64") : "(none)"}, which is not a transparency log of the trusted root`,
    );
  }
  return log;
}

function checkInclusionProof(
  entry: TransparencyLogEntry,
  entryIndex: bigint,
  log: LogAuthority,
  where: string,
): void {
  const proof = entry.inclusionProof!;
  if (!proof.checkpoint?.envelope) {
    throw new VerificationFailure("tlog-checkpoint", `${where}: the inclusion proof has no checkpoint`);
  }
  const checkpoint = parseCheckpoint(proof.checkpoint.envelope, where);
  checkSignedByLog(checkpoint, log, where);

  const treeSize = nonNegative(proof.treeSize, "inclusion proof tree size", where, "tlog-tree-size");
  if (treeSize !== checkpoint.size) {
    throw new VerificationFailure(
      "tlog-tree-size",
      `${where}: the inclusion proof's tree size ${treeSize} differs from the ${checkpoint.size} the checkpoint signs`,
    );
  }
  if (!proof.rootHash.equals(checkpoint.rootHash)) {
    throw new VerificationFailure(
      "tlog-root-hash",
      `${where}: the inclusion proof's root hash ${proof.rootHash.toString("base64")} differs from the ${checkpoint.rootHash.toString("base64")} the checkpoint signs`,
    );
  }
  const leafIndex = nonNegative(proof.logIndex, "inclusion proof log index", where);
  if (leafIndex >= treeSize) {
    throw new VerificationFailure(
      "tlog-log-index",
      `${where}: the inclusion proof's log index ${leafIndex} is outside the tree of ${treeSize} entries`,
    );
  }
  const sharded = REKOR_V1_ORIGIN.test(checkpoint.origin);
  if (sharded ? entryIndex < leafIndex : entryIndex !== leafIndex) {
    throw new VerificationFailure(
      "tlog-log-index",
      `${where}: log index ${entryIndex} contradicts the inclusion proof's log index ${leafIndex}${sharded ? " (an index in the whole log cannot be below the index in its shard)" : ""}`,
    );
  }
  if (!sharded) {
    const host = hostOf(log.baseURL);
    if (checkpoint.origin !== host) {
      throw new VerificationFailure(
        "tlog-checkpoint",
        `${where}: the checkpoint's origin ${JSON.stringify(checkpoint.origin)} is not the log ${log.baseURL} the entry names`,
      );
    }
  }
}

/** Rekor v1 checkpoints name the log and its tree ("rekor.sigstore.dev - 1193050959916656506"), as sigstore-go tells them apart. */
const REKOR_V1_ORIGIN = /^.* - \d+$/;

/** A checkpoint (signed note): the signed text and its parsed lines, and the signature lines. */
interface SignedCheckpoint {
  note: string;
  origin: string;
  size: bigint;
  rootHash: Buffer;
  signatures: { name: string; keyHint: Buffer; signature: Buffer }[];
}

/** Parses a checkpoint in the signed-note format (transparency-dev/formats, log/README.md). */
function parseCheckpoint(envelope: string, where: string): SignedCheckpoint {
  const malformed = (why: string) =>
    new VerificationFailure("tlog-checkpoint", `${where}: the checkpoint is malformed: ${why}`);
  const split = envelope.indexOf("\n\n");
  if (split === -1) throw malformed("no blank line before its signatures");
  const note = envelope.slice(0, split + 1);
  const [origin, size, hash] = note.split("\n");
  if (!origin) throw malformed("no origin line");
  if (!size || !/^\d+$/.test(size))
    throw malformed(`tree size ${JSON.stringify(size ?? "")} is not a number`);
  if (!hash) throw malformed("no root hash line");
  const signatures = Array.from(envelope.slice(split + 2).matchAll(/\u2014 (\S+) (\S+)\n/g), (match) => {
    const bytes = Buffer.from(match[2] ?? "", "base64");
    return { name: match[1] ?? "", keyHint: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { note, origin, size: BigInt(size), rootHash: Buffer.from(hash, "base64"), signatures };
}

/**
 * The checkpoint must be signed by the log the entry names: a signature line with that log's key hint
 * (the first 4 bytes of its log id) that verifies with its key. Witness co-signatures are left aside.
 */
function checkSignedByLog(checkpoint: SignedCheckpoint, log: LogAuthority, where: string): void {
  const hint = log.logID.subarray(0, 4);
  const own = checkpoint.signatures.filter((s) => s.keyHint.equals(hint) && s.signature.length > 0);
  if (own.length === 0) {
    throw new VerificationFailure(
      "tlog-log-id",
      `${where} names log ${log.baseURL}, but its checkpoint carries no signature of that log`,
    );
  }
  const text = Buffer.from(checkpoint.note, "utf8");
  if (!own.some((s) => crypto.verify(text, log.publicKey, s.signature))) {
    throw new VerificationFailure(
      "tlog-checkpoint",
      `${where}: the checkpoint's signature by ${log.baseURL} does not verify`,
    );
  }
}

/** Parses a protobuf int64 field (a decimal string) that must be a non-negative integer. */
function nonNegative(value: string, what: string, where: string, check = "tlog-log-index"): bigint {
  if (!/^\d+$/.test(value)) {
    throw new VerificationFailure(
      check,
      `${where}: ${what} ${JSON.stringify(value)} is not a non-negative integer`,
    );
  }
  return BigInt(value);
}

function hostOf(baseURL: string): string | undefined {
  try {
    return new URL(baseURL).hostname;
  } catch {
    return undefined;
  }
}
