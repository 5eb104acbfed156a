import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { hasCode } from "../model/errors.js";
import { queryResult } from "../report/query.js";
import { createMemoryAdvisoryStorage } from "../store/advisory-store-memory.js";
import { corpusPath } from "../testing/corpus.js";
import { copy, corpusFiles, corpusRecord } from "./corpus-fixtures.test.js";
import { createAdvisoryDatabase, type OpenedAdvisoryDatabase, openAdvisoryDatabase } from "./database.js";
import { resolveDatabasePath } from "./database-path.js";
import { DatabaseMissingError, ImportEmptyError, ImportSourceError } from "./errors.js";
import { type ImportReport, importAdvisories } from "./import.js";
import { isAffected } from "./matcher.js";
import { parseOsvDocument } from "./osv-reader.js";
import type { AdvisoryReader, AdvisoryWriter } from "./ports.js";
import { runQueryBatch } from "./querybatch.js";

const dir = mkdtempSync(join(tmpdir(), "bulwark-db-"));
let opened: OpenedAdvisoryDatabase;
let db: AdvisoryReader;
let report: ImportReport;

/** A fresh database file opened for writing. */
async function fresh(name: string): Promise<OpenedAdvisoryDatabase & { writer: AdvisoryWriter }> {
  const database = await openAdvisoryDatabase({ path: join(dir, name), mode: "write" });
  return database as OpenedAdvisoryDatabase & { writer: AdvisoryWriter };
}

before(async () => {
  opened = await fresh("corpus.db");
  db = opened.reader;
  report = await importAdvisories(opened.writer!, [corpusPath("osv")]);
});
after(async () => {
  await opened.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("importing the whole corpus", () => {
  test("counts: 7,638 OSV files, 14 ids present twice, nothing invalid", () => {
    // Counted by hand: go 4,291 + pypi 2,661 + ghsa-and-others 422 + npm-ghsa 264 = 7,638 files. Folders are
    // read in sorted order (ghsa-and-others, go, npm-ghsa, pypi). ghsa-and-others holds 11 GO records and 1 PYSEC
    // record that go/ and pypi/ hold too, as new or newer; npm-ghsa holds GHSA-fhjf-83wg-r2j9 (same modified)
    // and GHSA-mhpp-875w-9cpv (20:10:32Z, older than ghsa-and-others' 20:10:34Z): 14 skipped copies.
    assert.deepEqual(
      {
        imported: report.imported,
        replaced: report.replaced,
        skipped: report.skipped,
        invalid: report.invalid,
      },
      { imported: 7624, replaced: 0, skipped: 14, invalid: [] },
    );
    assert.equal(
      report.ignoredFiles,
      1,
      "npm-ghsa/SOURCES.tsv; pypi/.id-allocator is a dot file and is not visited",
    );
  });
  test("records whose ranges hold values the ecosystem cannot order are imported with a warning", () => {
    // found by the import and checked by hand: npm's postcss and protobufjs records (`fixed` "7.0.36, 8.2.13"
    // and "7.2.4, 6.11.4"), PyPI binderhub (`fixed` "0.2.0-n653") and steam (`fixed` "2019-09-12"), none
    // of them PEP 440 or SemVer. Before, they never matched; now they match approximately.
    assert.deepEqual(
      report.warnings.map((w) => w.id),
      ["GHSA-566m-qj78-rww5", "GHSA-h755-8qp9-cq85", "PYSEC-2021-371", "PYSEC-2019-125"],
    );
    assert.match(report.warnings[0]!.reason, /npm postcss: "7\.0\.36, 8\.2\.13" cannot be ordered/);
    assert.match(report.warnings[2]!.reason, /PyPI binderhub: "0\.2\.0-n653" cannot be ordered/);
  });
  test("status counts records per ecosystem and says how fresh each is", async () => {
    const status = await db.status();
    assert.equal(status.records, 7624);
    // withdrawn: 28 before npm-ghsa, which adds 16 withdrawn records (counted by hand)
    assert.equal(status.withdrawn, 44);
    const per = Object.fromEntries(status.ecosystems.map((e) => [e.ecosystem, e]));
    // records naming each ecosystem, counted by hand over the files (a record naming several counts in each)
    assert.equal(per.Go?.records, 4298);
    assert.equal(per.PyPI?.records, 2666);
    assert.equal(per.Maven?.records, 377);
    assert.equal(per.npm?.records, 267);
    assert.ok(status.ecosystems.every((e) => e.lastUpdate && e.newestModified));
    // the newest `modified` among the records naming each ecosystem, found by hand (go/ records all carry
    // the zero time 0001-01-01; the newest Go one is a GHSA record of ghsa-and-others)
    assert.equal(per.Go!.newestModified, "2024-08-07T20:01:43.272899Z"); // GHSA-qppj-fm5r-hxr3
    assert.equal(per.npm!.newestModified, "2024-10-10T21:00:04Z"); // GHSA-434g-2637-qmqr
    assert.equal(per.Debian!.newestModified, "2026-03-09T02:11:37.555571Z"); // DSA-5474-1
    assert.ok(status.sizeBytes! > 0);
    assert.equal(status.location, join(dir, "corpus.db"));
  });
  test("query reads the package's records only and explains the match", async () => {
    const matches = await db.query({ ecosystem: "PyPI", name: "Django", version: "1.11.29" });
    assert.deepEqual(
      matches.map((m) => m.record.id),
      ["PYSEC-2021-98"],
    );
    assert.equal(matches[0]!.affected[0]!.package!.name, "django");
    assert.equal(matches[0]!.approximate, false);
    assert.ok((await db.recordsFor("PyPI", "django")).length > 50);
    assert.deepEqual(await db.recordsFor("PyPI", "no-such-package"), []);
    assert.equal((await db.get("GO-2020-0001"))?.id, "GO-2020-0001");
    assert.equal(await db.get("NOPE-1"), undefined);
  });
  test("recordsAbout finds every record naming a CVE in aliases or upstream (the aliases table)", async () => {
    const about = (await db.recordsAbout("CVE-2023-45288")).map((r) => r.id);
    assert.ok(about.includes("GO-2024-2687"), "aliases");
    assert.ok(about.includes("RHSA-2024:4546"), "upstream");
    assert.deepEqual(
      (await db.recordsAbout("GO-2020-0001")).map((r) => r.id),
      ["GO-2020-0001"],
    );
  });
  test("withdrawn records are stored but never returned by query", async () => {
    const withdrawn = (await db.get("GHSA-35c4-f3rq-f9g3"))!;
    assert.ok(withdrawn.withdrawn);
    assert.deepEqual(await db.query({ ecosystem: "RubyGems", name: "activesupport", version: "3.2.5" }), []);
  });
  test("a record whose `fixed` is malformed matches approximately (postcss, GHSA-566m-qj78-rww5)", async () => {
    const [match] = await db.query({ ecosystem: "npm", name: "postcss", version: "8.2.12" });
    assert.equal(match?.id, "GHSA-566m-qj78-rww5");
    assert.equal(match?.approximate, true);
    const result = queryResult({ ecosystem: "npm", name: "postcss", version: "8.2.12" }, [match!]);
    assert.deepEqual(result.vulns[0]?.unorderable, ["7.0.36, 8.2.13"]);
  });
  test("a PYSEC record without summary shows the first sentence of its details", async () => {
    const q = { ecosystem: "PyPI", name: "django", version: "1.11.29" };
    const [vuln] = queryResult(q, await db.query(q)).vulns;
    assert.equal(
      vuln?.summary,
      "Django before 2.2.24, 3.x before 3.1.12, and 3.2.x before 3.2.4 has a potential directory traversal via django.contrib.admindocs.",
    );
  });
});

/**
 * Differences between the recorded api.osv.dev answers and Bulwark's, each with its reason (none are tolerated
 * without one). "extra" = Bulwark reports it, the API did not; "missing" = the reverse.
 */
interface Answer {
  package: { ecosystem: string; name: string };
  version: string;
  expected: string[];
  answeredButNotInCorpus: string[];
}

const KNOWN_DIFFERENCES: Record<string, { extra?: string[]; missing?: string[]; reason: string }> = {
  "urllib3@1.24.3": {
    extra: ["PYSEC-2021-108"],
    reason:
      "record changed after the snapshot: the corpus copy (modified 2021-07-02) has ECOSYSTEM introduced 0 / fixed 1.26.5 and even lists 1.24.3 in its own versions; the API answered from a later revision scoped to CVE-2021-33503's 1.25.4 - 1.26.4",
  },
};

describe("replaying osv-api-answers/pypi-querybatch.json through the querybatch path", () => {
  const answers: { queries: Answer[] } = JSON.parse(
    readFileSync(corpusPath("osv-api-answers", "pypi-querybatch.json"), "utf8"),
  );
  test("every expected id is returned; every other difference is a documented one", async () => {
    const request = {
      queries: answers.queries.map((q: Answer) => ({ package: q.package, version: q.version })),
    };
    const response = await runQueryBatch(db, request);
    assert.equal(response.results.length, answers.queries.length);
    const seen: Record<string, unknown> = {};
    answers.queries.forEach((q: Answer, i: number) => {
      const result = response.results[i] as { vulns?: { id: string; modified: string }[] };
      const got = (result.vulns ?? []).map((v) => v.id);
      if (got.length === 0) assert.deepEqual(result, {}, "an empty result is {} as the API writes it");
      const missing = q.expected.filter((id: string) => !got.includes(id));
      const extra = got.filter((id) => !q.expected.includes(id) && !q.answeredButNotInCorpus.includes(id));
      if (missing.length || extra.length) seen[`${q.package.name}@${q.version}`] = { missing, extra };
    });
    const documented = Object.fromEntries(
      Object.entries(KNOWN_DIFFERENCES).map(([k, v]) => [
        k,
        { missing: v.missing ?? [], extra: v.extra ?? [] },
      ]),
    );
    assert.deepEqual(seen, documented);
  });
  test("queries by purl give the same answers as by ecosystem and name", async () => {
    const request = {
      queries: answers.queries.map((q: Answer) => ({
        package: { purl: `pkg:pypi/${q.package.name}@${q.version}` },
      })),
    };
    const byName = await runQueryBatch(db, {
      queries: answers.queries.map((q: Answer) => ({ package: q.package, version: q.version })),
    });
    assert.deepEqual(await runQueryBatch(db, request), byName);
  });
});

/**
 * Range oracle: osv.dev enumerated `versions` from the registries' releases. With `versions` removed, range
 * evaluation alone must flag every listed version. These listed versions are not flagged, each for a reason:
 * - "contradiction": the record's list disagrees with its own ranges under the ecosystem's real ordering
 *   (asserted to stay unflagged);
 * - "pending": the ecosystem's own ordering is not implemented yet and the generic fallback orders the
 *   version differently (allowed either way until that ordering lands).
 */
const ORACLE_EXCEPTIONS: Record<string, { reason: string }> = {
  ...Object.fromEntries(
    ["3.2a1", "3.2b1", "3.2rc1", "4.2a1", "4.2b1", "4.2rc1"].map((v) => [
      `PYSEC-2023-61 PyPI django ${v}`,
      {
        reason:
          "pre-releases of 3.2 / 4.2 are listed, but PEP 440 orders them before `introduced: 3.2` / `4.2`",
      },
    ]),
  ),
  "PYSEC-2023-177 PyPI gevent 23.9.0": {
    reason: "the fixed version itself is listed (`fixed: 23.9.0`); the list came from the GIT range analysis",
  },
  "PYSEC-2023-177 PyPI gevent 23.9.0.post1": {
    reason: "a post-release of the fixed version is listed; PEP 440 orders it after 23.9.0",
  },
  "PYSEC-2021-114 PyPI wagtail 2.11.6": {
    reason:
      "overlapping pairs in one event list (introduced 2.11 / fixed 2.11.7 and introduced 0 / fixed 2.11.6): the specification's sorted timeline turns off at 2.11.6",
  },
};

describe("range oracle over PyPA and GHSA records with versions lists", () => {
  test("range evaluation alone flags every listed version, except the documented exceptions", () => {
    const files = [...corpusFiles("osv", "pypi"), ...corpusFiles("osv", "ghsa-and-others")].filter((f) =>
      /\.(json|ya?ml)$/.test(f),
    );
    const unflagged = new Set<string>();
    let checked = 0;
    for (const file of files) {
      for (const record of parseOsvDocument(readFileSync(file, "utf8"), file).records) {
        if (record.withdrawn) continue;
        for (const entry of record.affected ?? []) {
          // entries without a SEMVER/ECOSYSTEM range have nothing for the oracle to check
          if (!entry.package || !entry.versions?.length || !entry.ranges?.some((r) => r.type !== "GIT"))
            continue;
          const rangesOnly = { ...record, affected: [{ ...entry, versions: undefined }] };
          for (const version of entry.versions) {
            checked++;
            const query = { ecosystem: entry.package.ecosystem, name: entry.package.name, version };
            if (!isAffected(rangesOnly, query))
              unflagged.add(`${record.id} ${entry.package.ecosystem} ${entry.package.name} ${version}`);
          }
        }
      }
    }
    assert.ok(checked > 150_000, `${checked} versions checked`);
    const undocumented = [...unflagged].filter((k) => !ORACLE_EXCEPTIONS[k]);
    assert.deepEqual(undocumented, []);
    for (const key of Object.keys(ORACLE_EXCEPTIONS))
      assert.ok(unflagged.has(key), `${key} should contradict its ranges`);
  });
});

describe("re-import, caches and atomicity", () => {
  test("a newer modified replaces, an equal or older one is skipped; the reader sees the change at once", async () => {
    const local = await fresh("reimport.db");
    const original = corpusRecord("go/GO-2020-0001.json");
    const files = join(dir, "reimport");
    const write = (name: string, record: unknown) => {
      freshDir(files);
      writeFileSync(join(files, name), JSON.stringify(record));
    };
    const gin = { ecosystem: "Go", name: "github.com/gin-gonic/gin", version: "1.6.5" };
    write("a.json", original);
    assert.equal((await importAdvisories(local.writer, [files])).imported, 1);
    assert.equal((await importAdvisories(local.writer, [files])).skipped, 1);
    assert.equal((await local.reader.query(gin)).length, 0, "fixed in 1.6.0 (and now cached)");
    assert.deepEqual(await local.reader.matchingIds([gin, gin]), [[], []], "the ids' answer is kept too");
    // modification: the same record with a newer modified and the fix moved to 1.7.0
    const newer = copy(original);
    newer.modified = "2099-01-01T00:00:00Z";
    newer.affected![0]!.ranges![0]!.events = [{ introduced: "0" }, { fixed: "1.7.0" }];
    write("b.json", newer);
    const changes: string[][] = [];
    const r = await importAdvisories(local.writer, [files], {
      onWrite: (w) => changes.push(w.touched.map((t) => `${t.ecosystem} ${t.name}`)),
    });
    assert.equal(r.replaced, 1);
    assert.deepEqual(changes, [["Go github.com/gin-gonic/gin"]], "what a server would re-match");
    assert.equal(
      (await local.reader.query(gin)).length,
      1,
      "the write through this database invalidated its cache",
    );
    assert.deepEqual(
      (await local.reader.matchingIds([gin])).map((ids) => ids.map((i) => i.id)),
      [["GO-2020-0001"]],
      "and its kept ids' answers",
    );
    // and the older one again: skipped, the newer content stays
    write("c.json", original);
    assert.equal((await importAdvisories(local.writer, [files])).skipped, 1);
    assert.equal((await local.reader.get("GO-2020-0001"))!.modified, "2099-01-01T00:00:00Z");
    await local.close();
  });

  test("a write reports the packages a record named before and after it changed (touched)", async () => {
    const local = await fresh("touched.db");
    const original = corpusRecord("go/GO-2020-0001.json");
    await local.writer.write([original]);
    // modification: the record moved to another package
    const moved = copy(original);
    moved.modified = "2099-01-01T00:00:00Z";
    moved.affected![0]!.package!.name = "github.com/example/other";
    const result = await local.writer.write([moved, original]);
    assert.deepEqual(
      { ...result, touched: result.touched.map((t) => t.name).sort() },
      {
        imported: 0,
        replaced: 1,
        skipped: 1,
        changed: ["GO-2020-0001"],
        touched: ["github.com/example/other", "github.com/gin-gonic/gin"],
      },
    );
    await local.close();
  });

  test("the reader answers the same over the memory storage as over SQLite", async () => {
    const memory = createAdvisoryDatabase(createMemoryAdvisoryStorage());
    const files = [corpusPath("osv", "ghsa-and-others"), corpusPath("osv", "npm-ghsa")];
    const sqlite = await fresh("same.db");
    const reports = [
      await importAdvisories(memory.writer!, files),
      await importAdvisories(sqlite.writer, files),
    ];
    assert.deepEqual(reports[0], reports[1]);
    const queries = [
      { ecosystem: "Maven", name: "com.fasterxml.jackson.core:jackson-databind", version: "2.9.4" },
      { ecosystem: "npm", name: "postcss", version: "8.0.0" },
      { ecosystem: "Debian:12", name: "intel-microcode", version: "3.20230512.1" },
      { ecosystem: "Debian:11", name: "intel-microcode", version: "3.20230512.1" },
    ];
    for (const q of queries) {
      const [a, b] = [await memory.reader.query(q), await sqlite.reader.query(q)];
      assert.ok(a.length > 0, JSON.stringify(q));
      assert.deepEqual(a, b);
    }
    const [sm, ss] = [await memory.reader.status(), await sqlite.reader.status()];
    assert.deepEqual(
      sm.ecosystems.map(({ lastUpdate: _, ...e }) => e),
      ss.ecosystems.map(({ lastUpdate: _, ...e }) => e),
    );
    await sqlite.close();
  });

  test("a missing source fails the import before anything is written", async () => {
    const local = await fresh("atomic.db");
    await importAdvisories(local.writer, [corpusPath("osv", "ghsa-and-others")]);
    const before = (await local.reader.status()).records;
    await assert.rejects(
      importAdvisories(local.writer, [corpusPath("osv", "pypi"), join(dir, "no-such-dir")]),
      (e: unknown) =>
        e instanceof ImportSourceError && e.code === "INPUT_NOT_FOUND" && /no such file/.test(e.message),
    );
    assert.equal((await local.reader.status()).records, before);
    assert.equal(await local.reader.get("PYSEC-2021-98"), undefined, "nothing of the pypi folder was kept");
    await local.close();
  });

  test("bad records are reported with file and reason and the import goes on", async () => {
    const local = await fresh("bad.db");
    const files = join(dir, "bad");
    freshDir(files);
    writeFileSync(join(files, "good.json"), readFileSync(corpusPath("osv", "go", "GO-2020-0001.json")));
    writeFileSync(join(files, "broken.json"), "{ not json");
    // modification of a real record: two keys in one event
    const twoKeys = copy(corpusRecord("go/GO-2020-0003.json"));
    (twoKeys.affected![0]!.ranges![0]!.events[0] as Record<string, string>).fixed = "1.0.0";
    writeFileSync(join(files, "two-keys.json"), JSON.stringify(twoKeys));
    writeFileSync(join(files, "notes.txt"), "not an advisory");
    const r = await importAdvisories(local.writer, [files]);
    assert.equal(r.imported, 1);
    assert.equal(r.ignoredFiles, 1);
    assert.deepEqual(
      r.invalid.map((i) => [i.file.slice(files.length + 1), i.id, i.code]),
      [
        ["broken.json", undefined, "PARSE_FAILED"],
        ["two-keys.json", "GO-2020-0003", "ADVISORY_INVALID"],
      ],
    );
    assert.match(r.invalid[1]!.reason, /exactly one of introduced, fixed, last_affected, limit/);
    await local.close();
  });

  test("a record nested 5,000 deep is refused on its own; the good records of the import are kept", async () => {
    const local = await fresh("deep.db");
    const files = join(dir, "deep");
    freshDir(files);
    // modification of a real record: database_specific nested 5,000 objects deep
    const good = readFileSync(corpusPath("osv", "go", "GO-2020-0003.json"), "utf8");
    const deep = readFileSync(corpusPath("osv", "go", "GO-2020-0001.json"), "utf8").replace(
      /\}\s*$/,
      `, "database_specific": ${'{"x":'.repeat(5000)}{}${"}".repeat(5000)}}`,
    );
    writeFileSync(join(files, "deep.json"), deep);
    writeFileSync(join(files, "good.json"), good);
    const r = await importAdvisories(local.writer, [files]);
    assert.equal(r.imported, 1);
    assert.deepEqual(
      r.invalid.map((i) => [i.id, i.code]),
      [["GO-2020-0001", "INPUT_UNSAFE"]],
    );
    assert.match(r.invalid[0]!.reason, /nested more than 64 levels/);
    await local.close();
  });

  test("a plain file over the entry size limit is reported and not read", async () => {
    const local = await fresh("large.db");
    const files = join(dir, "large");
    freshDir(files);
    const small = corpusPath("osv", "go", "GO-2020-0001.json");
    const big = corpusPath("osv", "go", "GO-2024-2687.json");
    writeFileSync(join(files, "big.json"), readFileSync(big));
    writeFileSync(join(files, "small.json"), readFileSync(small));
    const limit = statSync(small).size + 1; // a limit between the two real files' sizes
    assert.ok(statSync(big).size > limit);
    const r = await importAdvisories(local.writer, [files], { zipLimits: { maxEntryBytes: limit } });
    assert.equal(r.imported, 1);
    assert.deepEqual(
      r.invalid.map((i) => [i.file.slice(files.length + 1), i.code]),
      [["big.json", "INPUT_TOO_LARGE"]],
    );
    await local.close();
  });

  test("an import in which no record is valid fails with IMPORT_EMPTY and writes nothing", async () => {
    const local = await fresh("empty-import.db");
    const files = join(dir, "nothing-valid");
    freshDir(files);
    writeFileSync(join(files, "broken.json"), "{ not json");
    await assert.rejects(importAdvisories(local.writer, [files]), (e: unknown) => {
      assert.ok(e instanceof ImportEmptyError && hasCode(e, "IMPORT_EMPTY"));
      assert.equal(e.report.invalid.length, 1);
      return true;
    });
    const emptyDir = join(dir, "empty-dir");
    freshDir(emptyDir);
    await assert.rejects(importAdvisories(local.writer, [emptyDir]), /found no OSV record/);
    assert.deepEqual(await local.writer.ecosystemUpdates(), []);
    await local.close();
  });
});

describe("database location and absence", () => {
  test("--db, then the BULWARK_DB value the caller passes, then the user data directory", () => {
    assert.equal(resolveDatabasePath({ db: "/tmp/flag.db", env: "/tmp/env.db" }), "/tmp/flag.db");
    assert.equal(resolveDatabasePath({ env: "/tmp/env.db" }), "/tmp/env.db");
    assert.equal(resolveDatabasePath({ env: "  " }), resolveDatabasePath());
    assert.match(resolveDatabasePath(), /bulwark[/\\]advisories\.db$/);
  });
  test("a missing or empty database is a DatabaseMissingError with code ADVISORY_DB_MISSING", async () => {
    const missing = join(dir, "missing.db");
    await assert.rejects(
      openAdvisoryDatabase({ path: missing }),
      (e: unknown) =>
        e instanceof DatabaseMissingError && e.code === "ADVISORY_DB_MISSING" && e.details.path === missing,
    );
    assert.equal(existsSync(missing), false, "looking does not create it");
    await (await fresh("empty.db")).close();
    await assert.rejects(openAdvisoryDatabase({ path: join(dir, "empty.db") }), DatabaseMissingError);
  });
  test("opened for reading, there is no writer", async () => {
    const reader = await openAdvisoryDatabase({ path: join(dir, "corpus.db") });
    assert.equal(reader.writer, undefined);
    await reader.close();
  });
});

function freshDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
}
