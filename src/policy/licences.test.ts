import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allowedBy, deniedBy, listEntryTerms, parseLicenceExpression } from "./licences.js";

const list = (...entries: string[]) => entries.flatMap(listEntryTerms);
const expr = (text: string) => {
  const node = parseLicenceExpression(text);
  assert.ok(node, `${text} parses`);
  return node;
};

describe("licence satisfaction", () => {
  it("OR needs one allowed licence, AND needs all of them", () => {
    const allow = list("MIT", "Apache-2.0");
    assert.equal(allowedBy(expr("(MPL-2.0 OR Apache-2.0)"), allow), true); // dompurify's licence
    assert.equal(allowedBy(expr("(MIT AND BSD-3-Clause)"), allow), false);
    assert.equal(
      allowedBy(expr("(MIT AND BSD-3-Clause)"), list("MIT", "BSD-2-Clause OR BSD-3-Clause")),
      true,
    );
  });

  it("a denied licence matters only where it cannot be avoided", () => {
    assert.equal(deniedBy(expr("(MPL-2.0 OR Apache-2.0)"), list("MPL-2.0")), false);
    assert.equal(deniedBy(expr("(MPL-2.0 OR Apache-2.0)"), list("MPL-2.0", "Apache-2.0")), true);
    assert.equal(deniedBy(expr("(MIT AND BSD-3-Clause)"), list("BSD-3-Clause")), true);
  });

  it("ids compare case-insensitively; X+ is X-or-later; bare GNU ids are -only", () => {
    assert.equal(allowedBy(expr("MIT"), list("LicenseRef-x OR MIT")), true);
    assert.equal(allowedBy(expr("GPL-2.0+"), list("GPL-2.0-or-later")), true);
    assert.equal(allowedBy(expr("GPL-2.0"), list("GPL-2.0-only")), true);
    // or-later may be used under the named version; -only may not be widened
    assert.equal(allowedBy(expr("GPL-2.0-or-later"), list("GPL-2.0-only")), true);
    assert.equal(allowedBy(expr("GPL-2.0-only"), list("GPL-2.0-or-later")), false);
    // a deny entry names the whole family
    assert.equal(deniedBy(expr("GPL-3.0-or-later"), list("GPL-3.0-only")), true);
    assert.equal(deniedBy(expr("LGPL-3.0-only"), list("GPL-3.0-only")), false);
  });

  it("exceptions: a plain entry covers the licence with an exception, an entry with one covers only that", () => {
    const classpath = expr("GPL-2.0-only WITH Classpath-exception-2.0");
    assert.equal(allowedBy(classpath, list("GPL-2.0-only")), true);
    assert.equal(allowedBy(expr("GPL-2.0-only"), list("GPL-2.0-only WITH Classpath-exception-2.0")), false);
    assert.equal(deniedBy(classpath, list("GPL-2.0-only WITH Classpath-exception-2.0")), true);
  });
});
