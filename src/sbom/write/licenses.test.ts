import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { corpusPath } from "../../testing/corpus.js";
import { parseDigest } from "./hashes.js";
import { classifyLicense, licenseClassifier, spdxExpression } from "./licenses.js";

test("licences: SPDX ids, compound expressions and free text are told apart", () => {
  assert.deepEqual(classifyLicense("MIT"), { kind: "id", id: "MIT" });
  assert.deepEqual(classifyLicense("(MIT OR Apache-2.0)"), {
    kind: "expression",
    expression: "(MIT OR Apache-2.0)",
  });
  assert.deepEqual(classifyLicense("GPL-2.0-only WITH Classpath-exception-2.0").kind, "expression");
  assert.deepEqual(classifyLicense("BSD style"), { kind: "name", name: "BSD style" });
  assert.equal(spdxExpression(["MIT", "ISC"]), "MIT AND ISC");
  assert.equal(spdxExpression(["MIT OR Apache-2.0"]), "MIT OR Apache-2.0");
  assert.equal(spdxExpression(["Some licence"]), undefined);
});

test("digests: SRI base64 and hex notations, wrong lengths refused", () => {
  // The integrity of wrappy@1.0.2 as npm records it, and its hex form.
  const sri =
    "sha512-l4Sp/DRseor9wL6EvV2+TuQn63dMkPjZ/sp9XkghTEbV9KlPS1xUsZ3u7/IQO4wxtcFB4bgpQPRcR3QCvezPcQ==";
  const d = parseDigest(sri)!;
  assert.equal(d.algorithm, "SHA512");
  assert.equal(Buffer.from(d.hex, "hex").toString("base64"), sri.slice(7));
  assert.deepEqual(parseDigest(`sha256:${"ab".repeat(32)}`), { algorithm: "SHA256", hex: "ab".repeat(32) });
  assert.equal(parseDigest("sha256:abc"), undefined);
  assert.equal(parseDigest("crc32-xyz"), undefined);
});

test("licenseClassifier: the answers of classifyLicense for every licence of a real lockfile, each text parsed once", () => {
  const lock = JSON.parse(
    readFileSync(corpusPath("projects", "dependency-track-frontend", "package-lock.json"), "utf8"),
  ) as { packages: Record<string, { license?: unknown }> };
  const texts = Object.values(lock.packages)
    .map((p) => p.license)
    .filter((l): l is string => typeof l === "string");
  assert.ok(new Set(texts).size > 3 && texts.length > new Set(texts).size, "repeated licence strings");
  const classify = licenseClassifier();
  for (const text of texts) assert.deepEqual(classify(text), classifyLicense(text), text);
  // a repeat is answered from memory: the very same object
  for (const text of texts) assert.equal(classify(text), classify(text));
  assert.equal(spdxExpression(["MIT", "Apache-2.0 OR ISC"], classify), "MIT AND (Apache-2.0 OR ISC)");
});
