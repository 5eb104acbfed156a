import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isCalendarDay, parseBulwarkToml } from "./bulwark-toml.js";

const ignore = (extra: string) => `[[ignore]]\nid = "GHSA-xxxx"\nreason = "r"\n${extra}`;
const rejects = (text: string, message: RegExp | string) =>
  assert.throws(
    () => parseBulwarkToml(text, "b.toml"),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, "CONFIG_INVALID");
      if (typeof message === "string") assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );

describe("bulwark.toml: one schema for every command", () => {
  it("reads every section: ignores (with VEX status), scan, risk suppressions, server SLA", () => {
    const doc = parseBulwarkToml(
      `${ignore('expires = 2026-12-31\nstatus = "not_affected"\njustification = "vulnerable_code_not_in_execute_path"\n')}
[scan]
max_data_age_days = 3
[[risk.suppress]]
check = "Pinned-Dependencies"
path = "ci/*"
reason = "r"
[server.sla]
kev = 7
critical = 15
`,
      "b.toml",
    );
    assert.deepEqual(doc.ignore, [
      {
        id: "GHSA-xxxx",
        reason: "r",
        expires: "2026-12-31",
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
      },
    ]);
    assert.equal(doc.scan?.max_data_age_days, 3);
    assert.deepEqual(doc.risk?.suppress, [{ check: "Pinned-Dependencies", path: "ci/*", reason: "r" }]);
    assert.deepEqual(doc.server?.sla, { kev: 7, critical: 15 });
  });

  it("refuses days that do not exist, with the line (smol-toml alone rolls 2026-02-30 over to March 2)", () => {
    rejects(ignore("expires = 2026-02-30\n"), "b.toml: line 4: 2026-02-30 is not a calendar day");
    rejects(ignore('expires = "2025-02-29"\n'), /expires 2025-02-29 is not a calendar day/);
    assert.doesNotThrow(() => parseBulwarkToml(ignore("expires = 2028-02-29\n"), "b.toml"), "a leap day");
    assert.doesNotThrow(
      () => parseBulwarkToml(ignore("# until 2026-02-30, says the ticket\n"), "b.toml"),
      "comments are not dates",
    );
  });

  it("refuses date-times and times where a day is expected, naming the key", () => {
    rejects(
      ignore("expires = 2026-12-31T10:00:00Z\n"),
      /ignore\[0\]\.expires must be a date such as 2026-12-31, not a date-time/,
    );
    rejects(ignore("expires = 10:00:00\n"), /ignore\[0\]\.expires must be a date/);
    rejects(ignore('expires = "soon"\n'), /ignore\[0\]\.expires must be a TOML date/);
  });

  it("refuses empty and invalid purls, empty ids and reasons, naming the key", () => {
    rejects(
      ignore('package = ""\n'),
      'b.toml: ignore[0].package must be a package URL such as "pkg:npm/lodash"',
    );
    rejects(ignore('package = "lodash"\n'), /ignore\[0\]\.package must be a package URL/);
    rejects('[[ignore]]\nid = ""\nreason = "r"\n', "b.toml: ignore[0].id must not be empty");
    rejects('[[ignore]]\nid = "X"\nreason = "  "\n', "b.toml: ignore[0].reason must not be empty");
    rejects('[[ignore]]\nreason = "r"\n', 'b.toml: ignore[0]: "id" is required');
  });

  it("refuses unknown keys at every level, invalid TOML with its line, and contradictory VEX fields", () => {
    rejects('fail_on = "high"\n', 'b.toml: unknown key "fail_on"');
    rejects(ignore("expiry = 2026-01-01\n"), 'b.toml: ignore[0]: unknown key "expiry"');
    rejects("[server.sla]\nurgent = 1\n", 'b.toml: server.sla: unknown key "urgent"');
    rejects("[[ignore]\n", /^b\.toml: invalid TOML at line 1: /);
    rejects(
      ignore('status = "wontfix"\n'),
      /ignore\[0\]\.status must be one of not_affected, affected, fixed/,
    );
    rejects(
      ignore('justification = "component_not_present"\n'),
      /a justification goes with status = "not_affected"/,
    );
    rejects('ignore = "X"\n', /ignore must be array/);
    rejects("\u0000\u0001binary", /invalid TOML/);
  });

  it("isCalendarDay", () => {
    assert.deepEqual(
      ["2026-01-31", "2026-02-29", "2024-02-29", "2026-04-31", "2026-13-01"].map(isCalendarDay),
      [true, false, true, false, false],
    );
  });
});
