import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { OsvRecord } from "../model/osv.js";
import { copy, corpusRecord } from "./corpus-fixtures.test.js";
import { ecosystemMatches } from "./ecosystem-match.js";
import { evaluateRecord, fixedVersions, isAffected } from "./matcher.js";

const q = (ecosystem: string, name: string, version: string, commit?: string) => ({
  ecosystem,
  name,
  version,
  ...(commit ? { commit } : {}),
});

describe("introduced / fixed (GO-2020-0001, SEMVER)", () => {
  const record = corpusRecord("go/GO-2020-0001.json");
  // github.com/gin-gonic/gin: introduced 0, fixed 1.6.0
  test("before the fix is affected, the fix and later are not", () => {
    assert.equal(isAffected(record, q("Go", "github.com/gin-gonic/gin", "1.5.0")), true);
    assert.equal(isAffected(record, q("Go", "github.com/gin-gonic/gin", "1.6.0")), false);
    assert.equal(isAffected(record, q("Go", "github.com/gin-gonic/gin", "1.9.1")), false);
  });
  test("another package or ecosystem never matches", () => {
    assert.equal(isAffected(record, q("Go", "github.com/gin-gonic/other", "1.5.0")), false);
    assert.equal(isAffected(record, q("npm", "github.com/gin-gonic/gin", "1.5.0")), false);
  });
  test("fixedVersions lists the fix", () => {
    assert.deepEqual(fixedVersions(record, "Go", "github.com/gin-gonic/gin"), ["1.6.0"]);
  });
});

describe("last_affected (GHSA-2qrg-x229-3v8q: log4j:log4j introduced 1.2, last_affected 1.2.17)", () => {
  const record = corpusRecord("ghsa-and-others/GHSA-2qrg-x229-3v8q.json");
  test("the last affected version itself is affected, anything after is not", () => {
    assert.equal(isAffected(record, q("Maven", "log4j:log4j", "1.2.17")), true);
    assert.equal(isAffected(record, q("Maven", "log4j:log4j", "1.2.4")), true);
    assert.equal(isAffected(record, q("Maven", "log4j:log4j", "1.1.3")), false);
    // 2.0 is listed in another entry's versions, not in log4j:log4j's: a range-only copy must not match
    const rangesOnly = copy(record);
    for (const a of rangesOnly.affected!) delete a.versions;
    assert.equal(isAffected(rangesOnly, q("Maven", "log4j:log4j", "1.2.18")), false);
  });
});

describe("limit (PYSEC-2021-333 sqlparse, modified: a limit event added to its ECOSYSTEM range)", () => {
  const base = corpusRecord("pypi/sqlparse/PYSEC-2021-333.yaml"); // ECOSYSTEM introduced 0.4.0, fixed 0.4.2
  const rangesOnly = copy(base);
  for (const a of rangesOnly.affected!) delete a.versions;
  test("without a limit, the range is [0.4.0, 0.4.2)", () => {
    assert.equal(isAffected(rangesOnly, q("PyPI", "sqlparse", "0.4.1")), true);
  });
  test("a limit below the version excludes it; '*' is infinity; several limits are alternatives", () => {
    const limited = copy(rangesOnly);
    const range = limited.affected![0]!.ranges!.find((r) => r.type === "ECOSYSTEM")!;
    range.events.push({ limit: "0.4.1" });
    assert.equal(isAffected(limited, q("PyPI", "sqlparse", "0.4.1")), false);
    assert.equal(isAffected(limited, q("PyPI", "sqlparse", "0.4.0")), true);
    range.events.push({ limit: "*" });
    assert.equal(isAffected(limited, q("PyPI", "sqlparse", "0.4.1")), true);
  });
});

describe("unsorted events", () => {
  test("PYSEC-2021-114 (wagtail) is evaluated on the sorted timeline, as the specification's algorithm says", () => {
    const record = copy(corpusRecord("pypi/wagtail/PYSEC-2021-114.yaml"));
    for (const a of record.affected!) delete a.versions; // range evaluation only
    // events: introduced 2.11, fixed 2.11.7, introduced 0, fixed 2.11.6, introduced 2.12, fixed 2.12.4
    assert.equal(isAffected(record, q("PyPI", "wagtail", "2.10")), true);
    assert.equal(isAffected(record, q("PyPI", "wagtail", "2.12.3")), true);
    assert.equal(isAffected(record, q("PyPI", "wagtail", "2.12.4")), false);
    assert.equal(isAffected(record, q("PyPI", "wagtail", "2.11.7")), false);
    // the sorted timeline turns off at 2.11.6 even though the first pair says [2.11, 2.11.7): see the
    // range oracle's list of self-contradicting records
    assert.equal(isAffected(record, q("PyPI", "wagtail", "2.11.6")), false);
  });
  test("PYSEC-2022-236 (pyspark): adjacent ranges fixed 3.1.1 / introduced 3.1.1 cover 3.1.1", () => {
    const record = copy(corpusRecord("pypi/pyspark/PYSEC-2022-236.yaml"));
    for (const a of record.affected!) delete a.versions;
    for (const v of ["3.0.0", "3.1.1", "3.1.2", "3.2.1"])
      assert.equal(isAffected(record, q("PyPI", "pyspark", v)), true, v);
    for (const v of ["3.1.3", "3.2.2", "3.3.0"])
      assert.equal(isAffected(record, q("PyPI", "pyspark", v)), false, v);
  });
  test("shuffling the events of a real record does not change the verdicts", () => {
    const record = copy(corpusRecord("go/GO-2020-0001.json"));
    const shuffled = copy(record);
    for (const a of shuffled.affected!) for (const r of a.ranges ?? []) r.events.reverse();
    for (const v of ["0.0.1", "1.5.0", "1.6.0", "1.6.3"])
      assert.equal(
        isAffected(shuffled, q("Go", "github.com/gin-gonic/gin", v)),
        isAffected(record, q("Go", "github.com/gin-gonic/gin", v)),
      );
  });
});

describe("versions lists", () => {
  test("a listed version matches even when the ranges say otherwise (PYSEC-2023-177 lists 23.9.0, fixed 23.9.0)", () => {
    const record = corpusRecord("pypi/gevent/PYSEC-2023-177.yaml");
    assert.equal(isAffected(record, q("PyPI", "gevent", "23.9.0")), true);
    const rangesOnly = copy(record);
    for (const a of rangesOnly.affected!) delete a.versions;
    assert.equal(isAffected(rangesOnly, q("PyPI", "gevent", "23.9.0")), false);
  });
  test("a record with only a versions list (MAL-2024-10238) matches listed versions only", () => {
    const record = corpusRecord("ghsa-and-others/MAL-2024-10238.json");
    const name = record.affected![0]!.package!.name;
    const listed = record.affected![0]!.versions![0]!;
    assert.equal(isAffected(record, q("PyPI", name, listed)), true);
    assert.equal(isAffected(record, q("PyPI", name, "999.0")), false);
  });
});

describe("GIT ranges", () => {
  test("a GIT range before the ECOSYSTEM range does not stop evaluation (PYSEC-2023-80, vyper)", () => {
    const record = copy(corpusRecord("pypi/vyper/PYSEC-2023-80.yaml"));
    for (const a of record.affected!) delete a.versions;
    assert.equal(record.affected![0]!.ranges![0]!.type, "GIT");
    assert.equal(isAffected(record, q("PyPI", "vyper", "0.3.7")), true);
    assert.equal(isAffected(record, q("PyPI", "vyper", "0.3.8")), false);
  });
  test("GIT ranges match only a queried commit equal to an introduced commit (PYSEC-2021-333, sqlparse)", () => {
    const record = copy(corpusRecord("pypi/sqlparse/PYSEC-2021-333.yaml"));
    for (const a of record.affected!) delete a.versions;
    const introduced = "1499cffcd7c4d635b4297b44d48fb4fe94cf988e";
    const fixed = "8238a9e450ed1524e40cb3a8b0b3c00606903aeb";
    assert.equal(isAffected(record, q("PyPI", "sqlparse", "", introduced)), true);
    assert.equal(isAffected(record, q("PyPI", "sqlparse", "", introduced.slice(0, 12).toUpperCase())), true);
    assert.equal(isAffected(record, q("PyPI", "sqlparse", "", fixed)), false);
    assert.equal(isAffected(record, q("PyPI", "sqlparse", "", "0".repeat(40))), false);
    // without a commit the GIT range is skipped and the version decides
    assert.equal(isAffected(record, q("PyPI", "sqlparse", "0.4.3")), false);
    // a version outside the ECOSYSTEM range still matches through the commit
    assert.equal(isAffected(record, q("PyPI", "sqlparse", "0.4.3", introduced)), true);
  });
});

describe("withdrawn", () => {
  test("a withdrawn record never matches (GHSA-35c4-f3rq-f9g3)", () => {
    const record = corpusRecord("ghsa-and-others/GHSA-35c4-f3rq-f9g3.json");
    assert.ok(record.withdrawn);
    const revived = copy(record);
    delete revived.withdrawn;
    const a = record.affected![0]!;
    const query = q(a.package!.ecosystem, a.package!.name, "3.2.5"); // in its range 3.2.0 - 3.2.22
    assert.equal(isAffected(revived, query), true, "the same record without withdrawn matches");
    assert.equal(isAffected(record, query), false);
  });
});

describe("ecosystem suffixes", () => {
  test("Debian:7 (DSA-3029-1): no suffix matches every release, a suffix only its release", () => {
    const record = corpusRecord("ghsa-and-others/DSA-3029-1.json");
    assert.equal(isAffected(record, q("Debian", "nginx", "1.2.1-2.2+wheezy2")), true);
    assert.equal(isAffected(record, q("Debian:7", "nginx", "1.2.1-2.2+wheezy2")), true);
    assert.equal(isAffected(record, q("Debian:12", "nginx", "1.2.1-2.2+wheezy2")), false);
    assert.equal(isAffected(record, q("Debian:7", "nginx", "1.2.1-2.2+wheezy3")), false);
  });
  test("Alpine:v3.10 (CVE-2012-2812): v is optional, other releases do not match", () => {
    const record = corpusRecord("ghsa-and-others/CVE-2012-2812.json");
    assert.equal(isAffected(record, q("Alpine:v3.10", "libexif", "0.6.20-r0")), true);
    assert.equal(isAffected(record, q("Alpine:3.10", "libexif", "0.6.20-r0")), true);
    assert.equal(isAffected(record, q("Alpine:v3.18", "libexif", "0.6.20-r0")), false);
    assert.equal(isAffected(record, q("Alpine", "libexif", "0.6.21-r0")), false);
  });
  test("Ubuntu:Pro:14.04:LTS (UBUNTU-CVE-2025-38094) is the same release as 14.04 and 14.04:LTS", () => {
    const record = corpusRecord("ghsa-and-others/UBUNTU-CVE-2025-38094.json");
    const version = record.affected![0]!.versions![0]!;
    for (const eco of ["Ubuntu", "Ubuntu:14.04", "Ubuntu:14.04:LTS", "Ubuntu:Pro:14.04:LTS"])
      assert.equal(isAffected(record, q(eco, "linux", version)), true, eco);
    assert.equal(isAffected(record, q("Ubuntu:22.04:LTS", "linux", version)), false);
  });
  test("Red Hat:rhel_aus:8.6::appstream (RHSA-2024_6220) matches that stream only", () => {
    const record = corpusRecord("ghsa-and-others/RHSA-2024_6220.json");
    const v = "0:5.4.1-1.module+el8.5.0+10613+59a13ec3";
    assert.equal(isAffected(record, q("Red Hat", "PyYAML", v)), true);
    assert.equal(isAffected(record, q("Red Hat:rhel_aus:8.6::appstream", "PyYAML", v)), true);
    assert.equal(isAffected(record, q("Red Hat:rhel_aus:9.2::appstream", "PyYAML", v)), false);
  });
  test("ecosystemMatches rules", () => {
    assert.equal(ecosystemMatches("Ubuntu:Pro:18.04:LTS", "Ubuntu:18.04"), true);
    assert.equal(ecosystemMatches("Ubuntu:18.04:LTS", "Ubuntu:Pro:18.04:LTS"), true);
    assert.equal(ecosystemMatches("Ubuntu:Pro:FIPS:18.04:LTS", "Ubuntu:18.04"), false);
    assert.equal(ecosystemMatches("pypi", "PyPI"), true);
    assert.equal(ecosystemMatches("Debian", "Debian:12"), true, "an entry without a release applies to all");
  });
});

describe("names are normalised on both sides", () => {
  test("PyPI names per PEP 503 (PYSEC-2021-333: sqlparse)", () => {
    const record = corpusRecord("pypi/sqlparse/PYSEC-2021-333.yaml");
    assert.equal(isAffected(record, q("pypi", "SQLParse", "0.4.1")), true);
  });
});

describe("invalid versions", () => {
  test("are evaluated through the fallback and flagged approximate", () => {
    // vyper: ECOSYSTEM introduced 0, fixed 0.3.8; PyPI orders non-PEP 440 strings before every valid version
    const record = copy(corpusRecord("pypi/vyper/PYSEC-2023-80.yaml"));
    for (const a of record.affected!) delete a.versions;
    const r = evaluateRecord(record, q("PyPI", "vyper", "0.3.7-garbage!"));
    assert.equal(r.affected.length, 1);
    assert.equal(r.approximate, true);
    assert.equal(evaluateRecord(record, q("PyPI", "vyper", "0.3.7")).approximate, false);
  });
  test("hostile records never throw", () => {
    const hostile = [
      null,
      {},
      { id: "X", modified: "", affected: "nope" },
      { id: "X", modified: "", affected: [null, { package: null }, { package: { ecosystem: 1, name: {} } }] },
      {
        id: "X",
        modified: "",
        affected: [{ package: { ecosystem: "PyPI", name: "a" }, ranges: [null, { events: null }] }],
      },
      {
        id: "X",
        modified: "",
        affected: [
          {
            package: { ecosystem: "PyPI", name: "a" },
            ranges: [{ type: "ECOSYSTEM", events: [{}, null, { introduced: 5 }] }],
          },
        ],
      },
    ] as unknown as OsvRecord[];
    for (const r of hostile) assert.equal(isAffected(r, q("PyPI", "a", "1.0", "abcdef1")), false);
  });
});
