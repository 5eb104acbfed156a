import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VerificationFailure } from "./errors.js";
import { parseStatement, requireSubjectDigest } from "./statement.js";

const valid = {
  _type: "https://in-toto.io/Statement/v1",
  subject: [{ name: "a", digest: { sha256: "AB" } }],
  predicateType: "p",
};

describe("in-toto statements", () => {
  it("parses v1 and v0.1 statements and matches subjects case-insensitively", () => {
    assert.equal(parseStatement(JSON.stringify(valid), "s").subject[0]?.name, "a");
    const old = parseStatement(JSON.stringify({ ...valid, _type: "https://in-toto.io/Statement/v0.1" }), "s");
    assert.equal(requireSubjectDigest(old, "sha256", "ab", "s").name, "a");
    assert.throws(
      () => requireSubjectDigest(old, "sha256", "cd", "s"),
      /no subject has sha256 cd; subjects: a \(AB\)/,
    );
  });
  const bad: [string, string, RegExp][] = [
    ["not JSON", "{", /payload is not JSON/],
    ["an array", "[]", /not an in-toto statement object/],
    [
      "unknown _type",
      JSON.stringify({ ...valid, _type: "https://in-toto.io/Statement/v9" }),
      /unknown statement _type/,
    ],
    ["no predicateType", JSON.stringify({ ...valid, predicateType: "" }), /no predicateType/],
    ["no subjects", JSON.stringify({ ...valid, subject: [] }), /no subjects/],
    [
      "a subject without digest",
      JSON.stringify({ ...valid, subject: [{ name: "a" }] }),
      /subject 0 has no digest/,
    ],
    [
      "a digest that is not a string",
      JSON.stringify({ ...valid, subject: [{ name: "a", digest: { sha256: 1 } }] }),
      /digest sha256 is not a string/,
    ],
  ];
  for (const [what, payload, reason] of bad) {
    it(`rejects ${what}`, () => {
      assert.throws(
        () => parseStatement(payload, "s"),
        (e: unknown) => e instanceof VerificationFailure && reason.test(e.message),
      );
    });
  }
});
