import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { assertOnlyErrors, assertParseFailure, runLockfileSuite } from "../../testing/extractor-kit.js";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { ExtractError } from "../errors.js";
import { pomXmlExtractor } from "./pom-xml.js";

const suite = loadLockfileSuite("java", "pomxml");
const extract = (text: string, files: Record<string, string> = {}, path = "pom.xml") =>
  pomXmlExtractor.extract({ path, text, readFile: async (p) => files[p] });
const summary = (r: Awaited<ReturnType<typeof extract>>) =>
  r.packages.map(
    (p) =>
      `${p.name}@${p.version}${p.resolved ? "" : " (unresolved)"}${p.groups.length ? ` [${p.groups}]` : ""}`,
  );

// Where we disagree with osv-scalibr; each answer is tested below.
const DISAGREE = {
  "interpolation.xml": { reason: "a version range is not its lower bound" },
  "multi-version.xml": { reason: "Maven uses the last of duplicate declarations" },
};

describe("pom.xml extractor: corpus cases (osv-scalibr pomxml)", () => {
  // metadata.groupID/artifactID are the halves of the name; type/classifier have no field in the model;
  // isTransitive=false is direct=true, checked in the details below.
  runLockfileSuite("java", "pomxml", { extractor: pomXmlExtractor, overrides: DISAGREE });

  it(`interpolation.xml: \${version-range} = [9.4.35.v20201120,9.5) stays a range, unresolved (upstream: its lower bound)`, async () => {
    // Maven picks the highest version in the range that the repository has at build time, so the lower bound
    // is not what is built; matching it would report the lower bound's advisories (false positives).
    const r = await extractFixture(pomXmlExtractor, suite, "interpolation.xml");
    assert.deepEqual(summary(r), [
      "org.mine:mypackage@1.0.0",
      "org.mine:my.package@2.3.4",
      "org.mine:ranged-package@[9.4.35.v20201120,9.5) (unresolved)",
    ]);
    assert.match(r.errors?.[0].message ?? "", /version range/);
  });

  it("multi-version.xml: two declarations of abc:example.com, Maven uses the last (upstream: the first)", async () => {
    // Maven's DefaultModelNormalizer.mergeDuplicates puts each dependency in a map by management key, so the
    // later declaration (1.1.1) replaces the earlier one, with a "must be unique" warning: reported as an error.
    const r = await extractFixture(pomXmlExtractor, suite, "multi-version.xml");
    assert.deepEqual(summary(r), ["abc:example.com@1.1.1"]);
    assert.match(r.errors?.[0].message ?? "", /declared twice/);
  });
});

describe("pom.xml extractor: details", () => {
  it("with-parent.xml: inherits the parent's dependencies and reports what it cannot resolve", async () => {
    const r = await extractFixture(pomXmlExtractor, suite, "with-parent.xml");
    const dave = r.packages.find((p) => p.name === "org.dave:dave")!;
    assert.deepEqual(dave.locations, [{ path: "parent/pom.xml", line: 15 }]);
    const frank = r.packages.find((p) => p.name === "org.frank:frank")!;
    assert.equal(frank.resolved, false);
    assert.deepEqual(frank.locations, [{ path: "with-parent.xml", line: 32 }]);
    assert.ok(r.packages.every((p) => p.direct === true));
    const messages = r.errors?.map((e) => `${e.path}:${e.line}: ${e.message}`) ?? [];
    assert.equal(messages.length, 3, messages.join("\n"));
    assert.ok(
      messages.some((m) =>
        /^parent\/pom.xml:8: parent org.upstream:parent-pom:1.0 is not in the tree/.test(m),
      ),
    );
    assert.ok(
      messages.some((m) =>
        /^with-parent.xml:45: imported BOM org.import:import:1.2.3 is not in the tree/.test(m),
      ),
    );
    assert.ok(messages.some((m) => /^with-parent.xml:32: org.frank:frank: no version/.test(m)));
  });

  it("interpolate-drop.xml: the dependency without groupId is reported, not silently dropped", async () => {
    const r = await extractFixture(pomXmlExtractor, suite, "interpolate-drop.xml");
    assert.deepEqual(
      r.errors?.map((e) => e.line),
      [8],
    );
  });

  it("plugin-dependency.xml: the project dependency's line, not the plugin's", async () => {
    const r = await extractFixture(pomXmlExtractor, suite, "plugin-dependency.xml");
    assert.deepEqual(r.packages[0].locations, [{ path: "plugin-dependency.xml", line: 27 }]);
  });

  it("one package per groupId:artifactId:version, with every declaration's line", async () => {
    const r = await extractFixture(pomXmlExtractor, suite, "explicit-jar.xml");
    const lib = r.packages.find((p) => p.name === "com.example:my-lib")!;
    assert.deepEqual(
      lib.locations.map((l) => l.line),
      [17, 23],
    );
    assert.equal(lib.purl, "pkg:maven/com.example/my-lib@1.0.0");
  });

  it("resolves versions through parent properties, parent management and a BOM in the tree", async () => {
    const files = {
      "../pom.xml": `<project><groupId>org.acme</groupId><artifactId>acme-parent</artifactId><version>7</version>
        <properties><jackson.version>2.17.1</jackson.version><test.scope>test</test.scope></properties>
        <dependencyManagement><dependencies>
          <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>\${test.scope}</scope></dependency>
          <dependency><groupId>org.acme</groupId><artifactId>acme-bom</artifactId><version>\${project.version}</version><type>pom</type><scope>import</scope></dependency>
        </dependencies></dependencyManagement></project>`,
      "../acme-bom/pom.xml": `<project><parent><groupId>org.acme</groupId><artifactId>acme-parent</artifactId><version>7</version></parent>
        <artifactId>acme-bom</artifactId><properties><guava.version>33.2.0-jre</guava.version></properties>
        <dependencyManagement><dependencies>
          <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>\${guava.version}</version></dependency>
          <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>3.0</version></dependency>
        </dependencies></dependencyManagement></project>`,
    };
    const r = await extract(
      `<project>
  <parent><groupId>org.acme</groupId><artifactId>acme-parent</artifactId><version>7</version></parent>
  <artifactId>app</artifactId>
  <dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>\${jackson.version}</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId></dependency>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId></dependency>
    <dependency><groupId>org.acme</groupId><artifactId>core</artifactId><version>\${project.version}</version><scope>provided</scope><optional>true</optional></dependency>
  </dependencies>
</project>`,
      files,
      "app/pom.xml",
    );
    assert.deepEqual(summary(r), [
      "com.fasterxml.jackson.core:jackson-databind@2.17.1",
      "junit:junit@4.13.2 [test]", // the parent's own management wins over the BOM's
      "com.google.guava:guava@33.2.0-jre",
      "org.acme:core@7 [provided,optional]",
    ]);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.packages[0].locations, [{ path: "app/pom.xml", line: 5 }]);
  });

  it("does not use a parent whose coordinates differ, and survives a parent cycle", async () => {
    const other = "<project><groupId>x</groupId><artifactId>other</artifactId><version>1</version></project>";
    const r = await extract(
      "<project><parent><groupId>x</groupId><artifactId>p</artifactId><version>1</version></parent><artifactId>a</artifactId></project>",
      { "../pom.xml": other },
    );
    assert.match(r.errors?.[0].message ?? "", /parent x:p:1 is not in the tree/);
    const self =
      "<project><parent><groupId>x</groupId><artifactId>a</artifactId><version>1</version><relativePath>pom.xml</relativePath></parent><groupId>x</groupId><artifactId>a</artifactId></project>";
    assert.equal((await extract(self, { "pom.xml": self })).errors?.length, 1);
  });

  it("an unreadable parent is reported against its own file, and the child still read", async () => {
    const r = await extract(
      "<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent><artifactId>a</artifactId><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>2</version></dependency></dependencies></project>",
      { "../pom.xml": "<project><broken></project>" },
      "app/pom.xml",
    );
    assert.deepEqual(summary(r), ["x:y@2"]);
    assert.equal(r.errors?.[0].path, "pom.xml");
    assert.equal(r.errors?.[0].line, 1);
    assert.match(
      r.errors?.[0].message ?? "",
      /^parent g:p:1: could not extract: not valid XML at line 1, column \d+: /,
    );
  });

  it("a property defined by itself is reported, not looped on", async () => {
    const r = await extract(
      `<project><properties><v>\${v}</v></properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>\${v}</version></dependency></dependencies></project>`,
    );
    assert.deepEqual(summary(r), [`g:a@\${v} (unresolved)`]);
    assert.match(r.errors?.[0].message ?? "", /undefined property v/);
  });

  it("decodes character references and keeps 1.10 a string", async () => {
    const r = await extract(
      "<project><dependencies><dependency><groupId>a&amp;b</groupId><artifactId>c&#x2d;d</artifactId><version>1.10</version></dependency></dependencies></project>",
    );
    assert.deepEqual(summary(r), ["a&b:c-d@1.10"]);
  });
});

describe("pom.xml extractor: real project", async () => {
  it("dependency-track-apiserver: 90 dependencies, 49 with versions known from the file", async () => {
    // Verified independently: a regex over lines 48-516 (<dependencies>) finds 90 <dependency> elements, 90
    // distinct groupId:artifactId pairs; 49 carry <version> (43 ${project.version}, which is the parent's
    // 5.1.0-SNAPSHOT, and 6 ${lib.*.version} defined in <properties>); the other 41 are managed by the parent
    // and the alpine-parent BOM, neither in the tree. 13 have <scope>test</scope>. No profile is active by default.
    const text = readFileSync(corpusPath("projects", "dependency-track-apiserver", "pom.xml"), "utf8");
    const r = await pomXmlExtractor.extract({ path: "pom.xml", text, readFile: async () => undefined });
    assert.equal(r.packages.length, 90);
    assert.equal(r.packages.filter((p) => p.resolved).length, 49);
    assert.equal(r.packages.filter((p) => p.version === "5.1.0-SNAPSHOT").length, 43);
    assert.equal(r.packages.filter((p) => p.groups.includes("test")).length, 13);
    // one error per unresolved version, plus the missing parent and the missing BOM
    assert.equal(r.errors?.length, 41 + 2);
  });
});

describe("pom.xml extractor: bad input", () => {
  it("invalid XML names the line and column, not the path", async () => {
    await assertParseFailure(
      () =>
        extract(
          "<project>\n  <dependencies>\n    <dependency>\n  </dependencies>\n</project>",
          {},
          "app/pom.xml",
        ),
      {
        path: "app/pom.xml",
        message: /^could not extract: not valid XML at line 4, column \d+: /,
        line: 4,
        column: true,
      },
    );
  });

  it("truncated XML, binary junk and an empty file are parse failures", async () => {
    const path = "app/pom.xml";
    await assertParseFailure(() => extract("<project><dependencies><dependency><groupId>a", {}, path), {
      path,
      line: 1,
    });
    await assertParseFailure(() => extract("\x00\x01\x02\xff", {}, path), { path, line: 1 });
    await assertParseFailure(() => extract("", {}, path), { path, message: /the file is empty/ });
  });

  it("a document that is not a project is refused", async () => {
    await assert.rejects(async () => extract("<settings><x>1</x></settings>"), /not a Maven POM/);
  });

  it("deeply nested XML is refused, not a stack overflow", async () => {
    const deep = `<project>${"<a>".repeat(50_000)}${"</a>".repeat(50_000)}</project>`;
    await assert.rejects(async () => extract(deep), ExtractError);
  });

  it("entity declarations are never expanded: a reference to one is refused with its place (billion laughs)", async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<project><dependencies><dependency><groupId>&c;</groupId><artifactId>x</artifactId><version>1</version></dependency></dependencies></project>`;
    await assertParseFailure(() => extract(bomb), {
      path: "app/pom.xml",
      message: /entity reference &c;/,
      line: 2,
      column: 45,
    });
  });

  it("arbitrary text never throws anything but an Error", async () => {
    await assertOnlyErrors(
      (text) => extract(text, { "../pom.xml": text }),
      `<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent><properties><v>1</v></properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>\${v}</version></dependency></dependencies></project>`,
    );
  });
});
