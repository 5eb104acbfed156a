import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newPackage } from "../ecosystems/new-package.js";
import type { Package } from "../model/package.js";
import { assertExpectedPackages, assertOnlyErrors, assertThrowsExpected } from "./extractor-kit.js";
import type { ExpectedPackage, LockfileCase } from "./lockfile-cases.js";

// The kit decides whether hundreds of corpus cases pass: each comparison it makes must be able to fail.
const pkg = (name: string, version: string, extra: Partial<Package> = {}): Package =>
  newPackage({ ecosystem: "npm", name, version, locations: [{ path: "yarn.lock", line: 3 }], ...extra });
const kase = (packages: ExpectedPackage[] | null, extra: Partial<LockfileCase> = {}): LockfileCase => ({
  fixture: "yarn.lock",
  expectError: false,
  packages,
  ...extra,
});
const fails = (run: () => unknown, message: RegExp) => assert.throws(run, message);

describe("extractor kit: assertExpectedPackages", () => {
  it("accepts exactly the expected packages and reports the fields it asserted", () => {
    const asserted = assertExpectedPackages(
      [pkg("a", "1.0.0", { groups: ["dev"], commit: "abc" })],
      kase([
        {
          name: "a",
          version: "1.0.0",
          groups: ["dev"],
          commit: "abc",
          location: { path: "yarn.lock", line: 3 },
        },
      ]),
    );
    assert.deepEqual(asserted.sort(), ["commit", "groups", "location"]);
  });

  it("fails on a missing, extra or different name@version", () => {
    const expected = kase([{ name: "a", version: "1.0.0" }]);
    fails(() => assertExpectedPackages([], expected), /name@version/);
    fails(() => assertExpectedPackages([pkg("a", "1.0.0"), pkg("b", "1.0.0")], expected), /name@version/);
    fails(() => assertExpectedPackages([pkg("a", "1.0.1")], expected), /name@version/);
  });

  it("fails on different groups, commit, line or path, and on unsorted groups", () => {
    const one = (e: Partial<ExpectedPackage>) => kase([{ name: "a", version: "1.0.0", ...e }]);
    fails(() => assertExpectedPackages([pkg("a", "1.0.0")], one({ groups: ["dev"] })), /a@1\.0\.0/);
    fails(
      () => assertExpectedPackages([pkg("a", "1.0.0", { groups: ["z", "a"] })], one({ groups: ["a", "z"] })),
      /a@1\.0\.0/,
    );
    fails(() => assertExpectedPackages([pkg("a", "1.0.0")], one({ commit: "abc" })), /a@1\.0\.0/);
    fails(
      () => assertExpectedPackages([pkg("a", "1.0.0", { commit: "x" })], one({ commit: "" })),
      /a@1\.0\.0/,
    );
    fails(
      () => assertExpectedPackages([pkg("a", "1.0.0")], one({ location: { path: "yarn.lock", line: 4 } })),
      /a@1\.0\.0/,
    );
    fails(
      () => assertExpectedPackages([pkg("a", "1.0.0")], one({ location: { path: "x/yarn.lock", line: 3 } })),
      /a@1\.0\.0/,
    );
  });

  it("ignores fields the corpus leaves out (null), and a location line of 0 or null", () => {
    const actual = [pkg("a", "1.0.0", { groups: ["dev"], commit: "abc" })];
    assertExpectedPackages(actual, kase([{ name: "a", version: "1.0.0", groups: null, commit: null }]));
    assertExpectedPackages(
      actual,
      kase([{ name: "a", version: "1.0.0", location: { path: "yarn.lock", line: 0 } }]),
    );
  });

  it("under strictCommit, a package the corpus gives no commit must have none", () => {
    const expected = kase([{ name: "a", version: "1.0.0", commit: null }]);
    assertExpectedPackages([pkg("a", "1.0.0", { commit: "abc" })], expected);
    fails(
      () => assertExpectedPackages([pkg("a", "1.0.0", { commit: "abc" })], expected, { strictCommit: true }),
      /name@version/,
    );
  });

  it("pairs packages of the same name@version by their fields, in any order unless ordered", () => {
    const actual = [pkg("a", "1.0.0", { groups: ["dev"] }), pkg("a", "1.0.0"), pkg("b", "2.0.0")];
    const expected = kase([
      { name: "b", version: "2.0.0" },
      { name: "a", version: "1.0.0", groups: [] },
      { name: "a", version: "1.0.0", groups: ["dev"] },
    ]);
    assertExpectedPackages(actual, expected);
    fails(() => assertExpectedPackages(actual, expected, { ordered: true }), /in order/);
  });

  it("fails on a resolved package without purl and on fields outside the model", () => {
    const expected = kase([{ name: "a", version: "1.0.0" }]);
    fails(() => assertExpectedPackages([pkg("a", "1.0.0", { purl: "" })], expected), /has a purl/);
    fails(() => assertExpectedPackages([pkg("a", "1.0.0", { purl: "", resolved: false })], expected), /purl/);
    assertExpectedPackages([pkg("a", "1.0.0", { purl: "" })], expected, {
      withoutPurl: (p) => p.name === "a",
    });
    fails(() => assertExpectedPackages([pkg("a", "1.0.0", { commit: "" })], expected), /no empty commit/);
    const leaky = { ...pkg("a", "1.0.0"), local: true } as Package;
    fails(() => assertExpectedPackages([leaky], expected), /only model fields/);
  });

  it("maps expected packages and reads fields through readers", () => {
    const actual = [pkg("a", "1.0.0", { hashes: ["sha256:beef"] })];
    const expected = kase([{ name: "a", version: "1.0.0", commit: "beef", groups: ["requires"] }]);
    assertExpectedPackages(actual, expected, {
      readers: { commit: (p) => p.commit ?? p.hashes?.[0]?.replace(/^sha256:/, "") },
      mapExpected: (p) => ({ ...p, groups: [] }),
    });
    fails(() => assertExpectedPackages(actual, expected), /a@1\.0\.0/);
  });
});

describe("extractor kit: error cases and fuzzing", () => {
  const rejectsWith = (run: () => Promise<unknown>, message: RegExp) => assert.rejects(run, message);

  it("an error case needs an Error holding errorContains (or matching the given pattern)", async () => {
    const c = kase([], { expectError: true, errorContains: "could not extract" });
    await assertThrowsExpected(() => {
      throw new Error("could not extract: bad");
    }, c);
    await rejectsWith(
      () =>
        assertThrowsExpected(() => {
          throw new Error("something else");
        }, c),
      /something else/,
    );
    await rejectsWith(() => assertThrowsExpected(() => undefined, c), /Missing expected rejection/);
    await assertThrowsExpected(
      () => {
        throw new Error("Could Not Extract");
      },
      c,
      /could not extract/i,
    );
  });

  it("an error case may also be a rejected promise (extractors that read neighbour files)", async () => {
    const c = kase([], { expectError: true, errorContains: "could not extract" });
    await assertThrowsExpected(() => Promise.reject(new Error("could not extract: bad")), c);
    await rejectsWith(() => assertThrowsExpected(() => Promise.reject(new Error("other")), c), /other/);
    await rejectsWith(
      () => assertThrowsExpected(() => Promise.resolve({ packages: [] }), c),
      /Missing expected rejection/,
    );
  });

  it("assertOnlyErrors fails when an extractor throws or rejects with a non-Error", async () => {
    await assertOnlyErrors(() => {
      throw new TypeError("fine");
    });
    await assertOnlyErrors(() => Promise.reject(new TypeError("fine")));
    const throwsString = () => {
      throw "a string";
    };
    const rejectsString = () => Promise.reject("a string");
    for (const extract of [throwsString, rejectsString]) {
      await assert.rejects(
        () => assertOnlyErrors(extract, "", 5),
        (error: Error) => /non-Error: a string/.test(String((error.cause as Error | undefined)?.message)),
      );
    }
  });
});
