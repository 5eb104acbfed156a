import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import type { OsvRecord } from "../model/osv.js";
import { groupAliases } from "./aliases.js";
import { corpusRecord } from "./corpus-fixtures.test.js";
import { evaluateRecord, fixedVersions, isAffected } from "./matcher.js";
import { parseOsvDocument } from "./osv-reader.js";
import { parseBatchRequest } from "./querybatch.js";

// Property tests: whatever the input, the OSV reader and the matcher return (never throw, never hang).

const ecosystems = fc.constantFrom(
  "PyPI",
  "Go",
  "npm",
  "Maven",
  "Debian:12",
  "Ubuntu:Pro:22.04:LTS",
  "Alpine:v3.18",
  "Nope",
);
const versionish = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,3}){0,3}([a-z-]{0,4}[0-9]{0,2})?$/),
  fc.constant("0"),
  fc.constant("*"),
);
const event = fc.oneof(
  fc.record({ introduced: versionish }),
  fc.record({ fixed: versionish }),
  fc.record({ last_affected: versionish }),
  fc.record({ limit: versionish }),
  fc.dictionary(
    fc.constantFrom("introduced", "fixed", "limit", "x"),
    fc.oneof(versionish, fc.integer(), fc.constant(null)),
  ),
  fc.anything(),
);
const range = fc.record(
  {
    type: fc.constantFrom("SEMVER", "ECOSYSTEM", "GIT", "OTHER"),
    repo: fc.string(),
    events: fc.oneof(fc.array(event, { maxLength: 8 }), fc.anything()),
  },
  { requiredKeys: ["type"] },
);
const affected = fc.record(
  {
    package: fc.oneof(
      fc.record({ ecosystem: ecosystems, name: fc.constantFrom("a", "A", "b") }),
      fc.anything(),
    ),
    ranges: fc.oneof(fc.array(range, { maxLength: 4 }), fc.anything()),
    versions: fc.oneof(fc.array(versionish, { maxLength: 5 }), fc.anything()),
  },
  { requiredKeys: [] },
);
const record = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^[A-Z]{2,6}-[0-9]{1,4}$/), fc.anything()),
    modified: fc.oneof(fc.constant("2024-01-01T00:00:00Z"), fc.anything()),
    withdrawn: fc.oneof(fc.constant(undefined), fc.constant("2024-01-01T00:00:00Z")),
    aliases: fc.oneof(
      fc.array(fc.stringMatching(/^[A-Z]{2,6}-[0-9]{1,2}$/), { maxLength: 3 }),
      fc.anything(),
    ),
    upstream: fc.array(fc.stringMatching(/^CVE-[0-9]{1,2}$/), { maxLength: 3 }),
    affected: fc.oneof(fc.array(affected, { maxLength: 3 }), fc.anything()),
  },
  { requiredKeys: [] },
);
const query = fc.record({
  ecosystem: ecosystems,
  name: fc.constantFrom("a", "A", "b"),
  version: versionish,
  commit: fc.option(fc.stringMatching(/^[0-9a-fA-F]{0,40}$/), { nil: undefined }),
});

describe("OSV reader and matcher properties", () => {
  test("isAffected / evaluateRecord / fixedVersions never throw on arbitrary records", {
    timeout: 30_000,
  }, () => {
    fc.assert(
      fc.property(record, query, (r, q) => {
        const rec = r as unknown as OsvRecord;
        const evaluation = evaluateRecord(rec, q);
        assert.equal(isAffected(rec, q), evaluation.affected.length > 0);
        fixedVersions(rec, q.ecosystem, q.name);
      }),
      { numRuns: 3000 },
    );
  });

  test("parseOsvDocument never throws on arbitrary text or JSON, and returns each input as a record or a reason", {
    timeout: 30_000,
  }, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          record.map((r) => JSON.stringify(r) ?? "null"),
        ),
        fc.constantFrom("x.json", "x.yaml"),
        (text, file) => {
          const doc = parseOsvDocument(text, file);
          assert.ok(doc.records.length + doc.invalid.length >= 1 || text.trim().startsWith("["));
          for (const bad of doc.invalid) assert.equal(typeof bad.reason, "string");
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("validated records are matched identically whether or not their events are shuffled", {
    timeout: 30_000,
  }, () => {
    fc.assert(
      fc.property(record, query, fc.integer(), (r, q, seed) => {
        const doc = parseOsvDocument(JSON.stringify(r) ?? "null", "x.json");
        for (const rec of doc.records) {
          const shuffled = structuredClone(rec);
          for (const a of shuffled.affected ?? [])
            for (const rg of a.ranges ?? []) rg.events.sort(() => (seed % 3) - 1);
          assert.equal(isAffected(shuffled, q), isAffected(rec, q));
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("groupAliases and parseBatchRequest never throw out of their contracts", { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (rs) => {
        groupAliases(rs as unknown as OsvRecord[]);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          parseBatchRequest(value);
        } catch (error) {
          assert.equal((error as Error).name, "AdvisoryError");
        }
      }),
      { numRuns: 1000 },
    );
  });

  test("a real record's verdict is stable across versions around its boundaries (GO-2020-0001)", {
    timeout: 30_000,
  }, () => {
    const real = corpusRecord("go/GO-2020-0001.json");
    fc.assert(
      fc.property(fc.nat(3), fc.nat(20), fc.nat(20), (major, minor, patch) => {
        const v = `${major}.${minor}.${patch}`;
        const expected = major < 1 || (major === 1 && minor < 6);
        assert.equal(
          isAffected(real, { ecosystem: "Go", name: "github.com/gin-gonic/gin", version: v }),
          expected,
          v,
        );
      }),
      { numRuns: 500 },
    );
  });
});
