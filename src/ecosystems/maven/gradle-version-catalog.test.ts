import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertOnlyErrors } from "../../testing/extractor-kit.js";
import { ExtractError } from "../errors.js";
import { gradleVersionCatalogExtractor as extractor } from "./gradle-version-catalog.js";

// corpus/lockfiles/java/gradleversioncatalog has fixtures but no expected.json: the expectations below were
// read off libs.versions.toml by hand (its comments name each form).
const fixture = (name: string) =>
  extractor.extract({
    path: "gradle/libs.versions.toml",
    text: readFileSync(corpusPath("lockfiles", "java", "gradleversioncatalog", name), "utf8"),
    readFile: async () => undefined,
  });

describe("Gradle version catalog extractor", () => {
  it("matches gradle/*.versions.toml", () => {
    assert.ok(extractor.matches("gradle/libs.versions.toml"));
    assert.ok(extractor.matches("app/gradle/deps.versions.toml"));
    assert.ok(!extractor.matches("libs.versions.toml"));
  });

  it("libs.versions.toml: every library form, with its line; bundles and plugins ignored", () => {
    const r = fixture("libs.versions.toml");
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.version, p.resolved, p.locations[0].line]),
      [
        ["com.google.guava:guava", "30.1.1-jre", true, 7],
        ["com.puppycrawl.tools:checkstyle", "8.37", true, 10],
        ["org.codehaus.groovy:groovy", "3.0.5", true, 13],
        ["org.apache.commons:commons-lang3", "3.12.0", true, 16],
        ["org.example:strict", "2.0", true, 19],
        ["org.example:req", "1.5", true, 22],
        ["org.example:pref", "1.0", true, 25],
        ["org.codehaus.groovy:groovy-json", "3.0.5", true, 28],
        ["org.example:noversion", "", false, 31],
      ],
    );
    assert.deepEqual(
      r.errors?.map((e) => e.line),
      [31],
    );
    assert.equal(r.packages[0].purl, "pkg:maven/com.google.guava/guava@30.1.1-jre");
  });

  it("empty: no libraries", () => {
    assert.deepEqual(fixture("empty.versions.toml"), { packages: [], errors: [] });
  });

  it("invalid TOML and plain text are ExtractErrors with a line", () => {
    assert.throws(
      () => fixture("invalid.versions.toml"),
      (e: unknown) => e instanceof ExtractError && e.line !== undefined,
    );
    assert.throws(() => fixture("not-toml.txt"), ExtractError);
  });

  it("dynamic versions and bad entries are reported", () => {
    const r = extractor.extract({
      path: "gradle/libs.versions.toml",
      readFile: async () => undefined,
      text: '[libraries]\na = "g:a:1.+"\nb = { module = "g:b", version.ref = "nope" }\nc = 3\n',
    });
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.resolved]),
      [["g:a", false]],
    );
    assert.deepEqual(
      r.errors?.map((e) => e.line),
      [2, 3, 4],
    );
  });

  it("arbitrary text never throws anything but an Error", async () => {
    const seed = readFileSync(
      corpusPath("lockfiles", "java", "gradleversioncatalog", "libs.versions.toml"),
      "utf8",
    );
    await assertOnlyErrors(
      (text) =>
        extractor.extract({ path: "gradle/libs.versions.toml", text, readFile: async () => undefined }),
      seed,
    );
  });
});
