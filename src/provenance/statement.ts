import { VerificationFailure } from "./errors.js";

/** DSSE payload type of in-toto statements. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
/** in-toto Statement types accepted (v1 is current; v0.1 is still used by older npm attestations). */
export const STATEMENT_TYPES = [
  "https://in-toto.io/Statement/v1",
  "https://in-toto.io/Statement/v0.1",
] as const;

/** One artifact an in-toto statement is about: a name and its digests (algorithm -> lowercase hex). */
export interface StatementSubject {
  name: string;
  digest: Record<string, string>;
}

/** An in-toto Statement (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md). */
export interface InTotoStatement {
  _type: string;
  subject: StatementSubject[];
  predicateType: string;
  predicate?: unknown;
}

/**
 * Parses and checks a DSSE payload as an in-toto statement: a known `_type`, a non-empty subject list with a
 * digest on every subject, and a predicate type. `source` names the payload in error messages.
 */
export function parseStatement(payload: Buffer | string, source: string): InTotoStatement {
  let value: unknown;
  try {
    value = JSON.parse(typeof payload === "string" ? payload : payload.toString("utf8"));
  } catch (error) {
    throw new VerificationFailure("statement", `${source}: payload is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new VerificationFailure("statement", `${source}: payload is not an in-toto statement object`);
  }
  const statement = value as Record<string, unknown>;
  if (!STATEMENT_TYPES.includes(statement._type as (typeof STATEMENT_TYPES)[number])) {
    throw new VerificationFailure(
      "statement",
      `${source}: unknown statement _type ${JSON.stringify(statement._type)}`,
      {
        hint: `expected one of ${STATEMENT_TYPES.join(", ")}`,
      },
    );
  }
  if (typeof statement.predicateType !== "string" || statement.predicateType === "") {
    throw new VerificationFailure("statement", `${source}: statement has no predicateType`);
  }
  const subjects = statement.subject;
  if (!Array.isArray(subjects) || subjects.length === 0) {
    throw new VerificationFailure("statement", `${source}: statement has no subjects`);
  }
  subjects.forEach((subject, i) => {
    const digest = (subject as { digest?: unknown } | null)?.digest;
    if (typeof digest !== "object" || digest === null || Object.keys(digest).length === 0) {
      throw new VerificationFailure("statement", `${source}: subject ${i} has no digest`);
    }
    for (const [algorithm, hex] of Object.entries(digest)) {
      if (typeof hex !== "string") {
        throw new VerificationFailure(
          "statement",
          `${source}: subject ${i} digest ${algorithm} is not a string`,
        );
      }
    }
  });
  return statement as unknown as InTotoStatement;
}

/** The subjects whose digest for `algorithm` equals `hex` (compared case-insensitively). */
export function subjectsMatching(
  statement: InTotoStatement,
  algorithm: string,
  hex: string,
): StatementSubject[] {
  const wanted = hex.toLowerCase();
  return statement.subject.filter((subject) => subject.digest[algorithm]?.toLowerCase() === wanted);
}

/**
 * Requires a subject whose `algorithm` digest equals `hex`: the check that binds a DSSE attestation to the
 * artifact being verified (the Sigstore library only verifies the envelope's signature).
 */
export function requireSubjectDigest(
  statement: InTotoStatement,
  algorithm: string,
  hex: string,
  source: string,
): StatementSubject {
  const match = subjectsMatching(statement, algorithm, hex)[0];
  if (!match) {
    const listed = statement.subject
      .map((s) => `${s.name} (${s.digest[algorithm] ?? `no ${algorithm}`})`)
      .join(", ");
    throw new VerificationFailure(
      "subject",
      `${source}: no subject has ${algorithm} ${hex}; subjects: ${listed}`,
    );
  }
  return match;
}
