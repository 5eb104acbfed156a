import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Package } from "../../model/package.js";
import { assertOnlyErrors, runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { gradleLockfileExtractor } from "./gradle-lockfile.js";

const suite = loadLockfileSuite("java", "gradlelockfile");
const extract = (text: string, path = "gradle.lockfile") =>
  gradleLockfileExtractor.extract({ path, text, readFile: async () => undefined });
const groupsOf = (packages: Package[]) => packages.map((p) => [p.name, p.groups]);

describe("gradle.lockfile extractor: corpus cases (osv-scalibr gradlelockfile)", () => {
  // metadata.groupID/artifactID are the two halves of the name; checked through the name.
  runLockfileSuite("java", "gradlelockfile", { extractor: gradleLockfileExtractor });
});

describe("gradle.lockfile extractor: details", () => {
  it("matches gradle.lockfile and buildscript-gradle.lockfile", () => {
    assert.ok(gradleLockfileExtractor.matches("app/gradle.lockfile"));
    assert.ok(gradleLockfileExtractor.matches("buildscript-gradle.lockfile"));
    assert.ok(!gradleLockfileExtractor.matches("gradle.lockfile.bak"));
  });

  it("5-pkg: production configurations win; purl and lines", async () => {
    const r = await extractFixture(gradleLockfileExtractor, suite, "5-pkg");
    assert.ok(r.packages.every((p) => p.groups.length === 0));
    assert.equal(r.packages[0].purl, "pkg:maven/org.springframework.boot/spring-boot-autoconfigure@2.7.4");
    assert.equal(r.packages[0].locations[0].line, 5);
  });

  it("configurations map to groups: test, build, dev", () => {
    const r = extract(
      "a:test-only:1=testCompileClasspath,testRuntimeClasspath\na:proc:1=annotationProcessor\na:dev:1=developmentOnly\na:both:1=runtimeClasspath,testRuntimeClasspath\n",
    );
    assert.deepEqual(groupsOf(r.packages), [
      ["a:test-only", ["test"]],
      ["a:proc", ["build"]],
      ["a:dev", ["dev"]],
      ["a:both", []],
    ]);
  });

  it("Gradle 5 per-configuration lockfiles: the file name is the configuration", () => {
    assert.ok(gradleLockfileExtractor.matches("gradle/dependency-locks/testRuntimeClasspath.lockfile"));
    const r = extract(
      "# comment\njunit:junit:4.13.2\n",
      "gradle/dependency-locks/testRuntimeClasspath.lockfile",
    );
    assert.deepEqual(groupsOf(r.packages), [["junit:junit", ["test"]]]);
    assert.equal(r.packages[0].version, "4.13.2");
    // without the configuration suffix, a gradle.lockfile line is malformed
    assert.equal(extract("junit:junit:4.13.2\n").errors?.length, 1);
  });

  it("buildscript lockfile: everything is a build dependency", () => {
    const r = extract("com.x:plugin:1.0=classpath\n", "buildscript-gradle.lockfile");
    assert.deepEqual(groupsOf(r.packages), [["com.x:plugin", ["build"]]]);
  });

  it("with-bad-pkg: each bad line is reported with its line (upstream skips them silently)", async () => {
    const r = await extractFixture(gradleLockfileExtractor, suite, "with-bad-pkg");
    assert.deepEqual(
      r.errors?.map((e) => e.line),
      [3, 4, 5, 9, 10],
    );
  });
});

describe("gradle.lockfile extractor: bad input", () => {
  it("arbitrary text never throws", async () => {
    await assertOnlyErrors(extract, "# c\na:b:1.0=compileClasspath\nempty=\n");
  });
});
