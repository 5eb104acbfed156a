import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasCode } from "../model/errors.js";
import { parsePolicy } from "./parse.js";

/** The example of docs/policies.md: every condition once. */
export const EXAMPLE_POLICY = `
[[rule]]
name = "known exploited"
level = "fail"
kev = true

[[rule]]
name = "critical and high"
level = "fail"
severity = "high"

[[rule]]
name = "likely to be exploited"
level = "warn"
epss = 0.1

[[rule]]
name = "strong copyleft"
level = "fail"
licenses.deny = ["GPL-3.0-or-later", "AGPL-3.0-only"]

[[rule]]
name = "licences we know"
level = "info"
licenses = { allow = ["MIT", "ISC", "Apache-2.0", "BSD-2-Clause OR BSD-3-Clause"], unknown = "violation" }

[[rule]]
name = "banned packages"
level = "fail"
packages = ["pkg:npm/event-stream@3.3.6", "pkg:npm/@evil/*"]

[[rule]]
name = "weak practices"
level = "warn"
risk_below = 5
`;

function messageOf(text: string): string {
  try {
    parsePolicy(text, "policy.toml");
  } catch (error) {
    assert.ok(hasCode(error, "POLICY_INVALID"), String(error));
    return (error as Error).message;
  }
  assert.fail("parsed");
}

describe("policy files", () => {
  it("the documented example parses into its rules, conditions compiled", () => {
    const policy = parsePolicy(EXAMPLE_POLICY, "policy.toml");
    assert.deepEqual(
      policy.rules.map((r) => `${r.level} ${r.name}`),
      [
        "fail known exploited",
        "fail critical and high",
        "warn likely to be exploited",
        "fail strong copyleft",
        "info licences we know",
        "fail banned packages",
        "warn weak practices",
      ],
    );
    const allow = policy.rules[4]?.licences;
    assert.deepEqual(
      allow?.allow?.map((t) => t.id),
      ["mit", "isc", "apache-2.0", "bsd-2-clause", "bsd-3-clause"],
    );
    assert.equal(allow?.unknown, "violation");
    assert.equal(policy.rules[3]?.licences?.unknown, "ignore");
    assert.equal(policy.rules[5]?.packages?.[1]?.matches("pkg:npm/%40evil/thing@1.0.0"), true);
    assert.equal(policy.rules[6]?.riskBelow, 5);
  });

  it("each mistake is named: file, rule (index and name), key", () => {
    const cases: [string, RegExp][] = [
      ['[[rule]]\nname = "x"\nlevel = "fail"\nkev = tru', /^policy\.toml: invalid TOML at line 4/],
      [
        '[[rule]]\nname = "x"\nlevel = "fail"\nseverity = "high"\nsevertiy = "low"',
        /rule\[0\] \("x"\): unknown key "severtiy"/,
      ],
      [
        '[[rule]]\nname = "x"\nlevel = "error"\nkev = true',
        /rule\[0\]\.level \("x"\) must be one of fail, warn, info/,
      ],
      [
        '[[rule]]\nname = "x"\nlevel = "fail"\nseverity = "moderate"',
        /rule\[0\]\.severity \("x"\) must be one of critical, high, medium, low/,
      ],
      ['[[rule]]\nname = "x"\nlevel = "fail"\nepss = 10', /rule\[0\]\.epss \("x"\) must be <= 1/],
      ['[[rule]]\nlevel = "fail"\nkev = true', /rule\[0\]: "name" is required/],
      ['[[rule]]\nname = "x"\nlevel = "fail"', /rule\[0\] \("x"\): has no condition/],
      [
        '[[rule]]\nname = "x"\nlevel = "fail"\nkev = true\n[[rule]]\nname = "x"\nlevel = "warn"\nkev = true',
        /rule\[1\] \("x"\): another rule has this name/,
      ],
      [
        '[[rule]]\nname = "x"\nlevel = "fail"\nlicenses.deny = ["GNU GPL v3"]',
        /licenses\.deny: "GNU GPL v3" is not an SPDX licence expression/,
      ],
      [
        '[[rule]]\nname = "x"\nlevel = "fail"\nlicenses.allow = ["MIT AND ISC"]',
        /licenses\.allow: "MIT AND ISC" combines licences with AND/,
      ],
      [
        '[[rule]]\nname = "x"\nlevel = "fail"\nlicenses.unknown = "violation"',
        /licenses needs an allow or a deny list/,
      ],
      [
        '[[rule]]\nname = "x"\nlevel = "fail"\npackages = ["lodash"]',
        /packages: "lodash" is not a package URL pattern/,
      ],
      ['[rules]\nname = "x"', /unknown key "rules"/],
      ["", /^policy\.toml: no rules: write \[\[rule\]\] tables/],
    ];
    for (const [text, expected] of cases) assert.match(messageOf(text), expected, text);
  });
});
