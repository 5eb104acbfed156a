import assert from "node:assert/strict";
import { test } from "node:test";
import { containsLike, globMatches, globToLike, globToSqliteGlob } from "./name-pattern.js";

// The SQL forms are checked against real databases in store-contract.test.ts; these pin the escaping itself.

test("a glob becomes a LIKE pattern whose only wildcard came from *", () => {
  assert.equal(globToLike("team-a/*"), "team-a/%");
  assert.equal(globToLike("100%_\\x*"), "100\\%\\_\\\\x%");
});

test("a glob becomes a SQLite GLOB pattern with ? and [ made literal", () => {
  assert.equal(globToSqliteGlob("team-a/*"), "team-a/*");
  assert.equal(globToSqliteGlob("[x]?/*"), "[[]x][?]/*");
});

test("a search is a literal substring", () => {
  assert.equal(containsLike("50%_off"), "%50\\%\\_off%");
});

test("globMatches: * spans slashes, everything else is literal and case-sensitive", () => {
  assert.equal(globMatches("team-a/*", "team-a/web/ui"), true);
  assert.equal(globMatches("team-a/*", "team-ab/api"), false);
  assert.equal(globMatches("team-a/*", "Team-A/api"), false);
  assert.equal(globMatches("a.b", "axb"), false);
  assert.equal(globMatches("*", ""), true);
  assert.throws(() => globMatches("", "x"), /must not be empty/);
});
