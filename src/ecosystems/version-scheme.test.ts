import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareGeneric } from "./generic-version.js";
import { defineVersionScheme, MAX_VERSION_LENGTH } from "./version-scheme.js";

// A toy scheme: dotted numbers only, compared by their sum, so the generic order would differ.
const sums = defineVersionScheme({
  parse: (v) => (/^\d+(\.\d+)*$/.test(v) ? v.split(".").reduce((s, n) => s + Number(n), 0) : undefined),
  compare: (a: number, b: number) => a - b,
});

describe("defineVersionScheme", () => {
  it("orders parsable versions by the scheme", () => {
    assert.equal(sums.compare("9", "1.1.1"), 1);
    assert.equal(sums.compare("1.2", "3"), 0);
  });

  it("orders unparsable versions by the generic fallback, before all parsable ones", () => {
    assert.equal(sums.compare("b", "a"), Math.sign(compareGeneric("b", "a")));
    assert.equal(sums.compare("zzz", "0"), -1);
    assert.equal(sums.compare("0", "zzz"), 1);
    assert.equal(sums.isValid("zzz"), false);
    assert.ok(sums.isValid("1.2"));
  });

  it("never lets a parser or comparison error escape", () => {
    const throwing = defineVersionScheme<string>({
      parse: (v) => {
        if (v === "boom") throw new Error("parser bug");
        return v;
      },
      compare: (a, b) => {
        if (a === "bad" || b === "bad") throw new Error("comparison bug");
        return a < b ? -1 : a > b ? 1 : 0;
      },
    });
    assert.equal(throwing.compare("boom", "a"), -1);
    assert.equal(throwing.isValid("boom"), false);
    assert.equal(typeof throwing.compare("bad", "a"), "number");
  });

  it("treats overlong strings as unparsable", () => {
    const long = "1".repeat(MAX_VERSION_LENGTH + 1);
    assert.equal(sums.isValid(long), false);
    assert.equal(sums.compare(long, "0"), -1);
  });

  it("survives non-string input from untyped callers", () => {
    const compare = sums.compare as (a: unknown, b: unknown) => number;
    assert.equal(typeof compare(undefined, null), "number");
    assert.equal(compare(undefined, "1"), -1);
  });
});
