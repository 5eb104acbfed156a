import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { zipSync } from "fflate";
import { CLI_BIN, corpusPath, REPO_ROOT } from "../testing/corpus.js";
import { corpusFiles } from "./corpus-fixtures.test.js";

// End-to-end: the built CLI (npx tsc -p tsconfig.build.json) as a real process.

const dir = mkdtempSync(join(tmpdir(), "bulwark-cli-"));
const db = join(dir, "advisories.db");

function bulwark(args: string[], input?: string, user?: { uid: number; gid: number }) {
  const env = { ...process.env };
  delete env.BULWARK_DB;
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    input,
    encoding: "utf8",
    env,
    ...user,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  const r = bulwark([
    "db",
    "import",
    "--db",
    db,
    corpusPath("osv", "pypi"),
    corpusPath("osv", "ghsa-and-others"),
  ]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("bulwark db", () => {
  test("import reports counts (text and json)", () => {
    const again = bulwark([
      "db",
      "import",
      "--db",
      db,
      "--format",
      "json",
      corpusPath("osv", "ghsa-and-others"),
    ]);
    assert.equal(again.code, 0, again.stderr);
    const report = JSON.parse(again.stdout);
    assert.deepEqual([report.imported, report.replaced, report.skipped, report.invalid], [0, 0, 422, []]);
    const text = bulwark([
      "db",
      "import",
      "--db",
      join(dir, "text.db"),
      corpusPath("osv", "ghsa-and-others"),
    ]);
    assert.match(text.stdout, /imported 422, replaced 0, skipped 0 \(not newer\), invalid 0/);
  });
  test("import of bad input names the file and the reason, and still imports the rest", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"id": "X-1"}');
    const r = bulwark([
      "db",
      "import",
      "--db",
      join(dir, "bad.db"),
      bad,
      corpusPath("osv", "go", "GO-2020-0001.json"),
    ]);
    assert.equal(r.code, 0, "one record of two was valid");
    assert.match(r.stderr, /invalid: .*bad\.json: record: must have required property 'modified'/);
    assert.match(r.stdout, /imported 1,.*invalid 1/);
  });
  test("import of a missing path fails with exit 2 and leaves no database file behind", () => {
    const fresh = join(dir, "never-created.db");
    const r = bulwark(["db", "import", "--db", fresh, join(dir, "no-such-folder")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no-such-folder: no such file or directory/);
    assert.equal(existsSync(fresh), false);
  });
  test("an import in which no record is valid fails (exit 2), listing why, and leaves no new file", () => {
    const bad = join(dir, "only-bad.json");
    writeFileSync(bad, '{"id": "X-1"}');
    const fresh = join(dir, "nothing-valid.db");
    const r = bulwark(["db", "import", "--db", fresh, bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid: .*only-bad\.json: record: must have required property 'modified'/);
    assert.match(r.stderr, /found no valid OSV record/);
    assert.equal(existsSync(fresh), false);
  });
  test("import refuses non-http URLs with exit code 2", () => {
    const r = bulwark(["db", "import", "--db", join(dir, "url.db"), "file:///etc/passwd"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /URL scheme "file" is not allowed/);
  });
  test("status shows records per ecosystem (text and json)", () => {
    const json = JSON.parse(bulwark(["db", "status", "--db", db, "--format", "json"]).stdout);
    assert.equal(json.path, db);
    assert.equal(json.records, 2661 + 422 - 1);
    assert.equal(json.ecosystems.find((e: { ecosystem: string }) => e.ecosystem === "PyPI").records, 2666);
    const pypi = json.ecosystems.find((e: { ecosystem: string }) => e.ecosystem === "PyPI");
    // the newest `modified` of the records naming PyPI, found by hand: MAL-2024-10238
    assert.equal(pypi.newestModified, "2024-10-27T13:55:45Z");
    assert.equal(json.integrity, "ok");
    const text = bulwark(["db", "status", "--db", db]);
    assert.match(text.stdout, /records: {3}3082 \(11 withdrawn\)/);
    assert.match(text.stdout, /integrity: ok/);
    assert.match(text.stdout, /ECOSYSTEM\s+RECORDS\s+NEWEST RECORD\s+LAST UPDATE/);
    assert.match(text.stdout, /PyPI\s+2666\s+2024-10-27T13:55:45Z\s+\d{4}-/);
  });
  test("a missing database is exit code 2 with the way to get one", () => {
    const r = bulwark(["db", "status", "--db", join(dir, "none.db")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no advisory database at .*none\.db\n.*bulwark db update/);
  });
});

describe("bulwark query", () => {
  test("by purl, as a table", () => {
    const r = bulwark(["query", "--db", db, "pkg:pypi/django@1.11.29"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 advisory for PyPI django 1\.11\.29/);
    assert.match(
      r.stdout,
      /PYSEC-2021-98\s+CVE-2021-33203, GHSA-68w8-qjq3-2gfm\s+2\.2\.24, 3\.1\.12, 3\.2\.4/,
    );
  });
  test("by ecosystem, name and version, as json", () => {
    const r = bulwark([
      "query",
      "--db",
      db,
      "--ecosystem",
      "PyPI",
      "--name",
      "Django",
      "--version",
      "1.11.29",
      "--format",
      "json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.deepEqual(result.query, { ecosystem: "PyPI", name: "Django", version: "1.11.29" });
    assert.deepEqual(
      result.vulns.map((v: { id: string }) => v.id),
      ["PYSEC-2021-98"],
    );
    assert.deepEqual(result.vulns[0].fixed, ["2.2.24", "3.1.12", "3.2.4"]);
    assert.equal(result.vulns[0].affected[0].ranges[0].type, "ECOSYSTEM");
  });
  test("a PYSEC record without a summary shows its details' first sentence", () => {
    const r = bulwark(["query", "--db", db, "pkg:pypi/django@1.11.29"]);
    assert.match(
      r.stdout,
      /PYSEC-2021-98 .* Django before 2\.2\.24, 3\.x before 3\.1\.12, and 3\.2\.x before 3\.2\.4 has a potential…/,
    );
  });
  test("an unknown ecosystem is refused with the known names and the closest one", () => {
    for (const [given, suggestion] of [
      ["golang", "Go"],
      ["pip", "PyPI"],
      ["maven", "Maven"],
      ["Debain:12", "Debian:12"],
    ] as const) {
      const r = bulwark(["query", "--db", db, "--ecosystem", given, "--name", "x", "--version", "1.0"]);
      assert.equal(r.code, 2, given);
      assert.match(r.stderr, new RegExp(`unknown ecosystem "${given}"`));
      assert.ok(r.stderr.includes(`did you mean "${suggestion}"?`), r.stderr);
      assert.match(r.stderr, /known: .*npm.*PyPI/);
    }
    const foo = bulwark(["query", "--db", db, "--ecosystem", "Foo", "--name", "x", "--version", "1.0"]);
    assert.equal(foo.code, 2);
    assert.doesNotMatch(foo.stderr, /did you mean/);
    const pipPurl = bulwark(["query", "--db", db, "pkg:pip/django@3.2.0"]);
    assert.equal(pipPurl.code, 2);
    assert.match(pipPurl.stderr, /purl type "pip" has no OSV ecosystem/);
    assert.match(pipPurl.stderr, /known purl types: .*npm.*pypi/);
    // an ecosystem Bulwark has no scheme for but the database holds records of is known
    const oracle = bulwark([
      "query",
      "--db",
      db,
      "--ecosystem",
      "Oracle Linux",
      "--name",
      "x",
      "--version",
      "1.0",
    ]);
    assert.equal(oracle.code, 0, oracle.stderr);
  });
  test("no advisories is said plainly", () => {
    const r = bulwark(["query", "--db", db, "pkg:pypi/emoji@2.14.0"]);
    assert.match(r.stdout, /No known advisories for PyPI emoji 2\.14\.0/);
  });
  test("--batch FILE and --batch - print the querybatch response in order", () => {
    const request = {
      queries: [
        { package: { ecosystem: "PyPI", name: "django" }, version: "1.11.29" },
        { package: { purl: "pkg:pypi/emoji@2.14.0" } },
        { package: { ecosystem: "PyPI", name: "urllib3" }, version: "1.24.3" },
      ],
    };
    const file = join(dir, "batch.json");
    writeFileSync(file, JSON.stringify(request));
    const fromFile = bulwark(["query", "--db", db, "--batch", file]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const response = JSON.parse(fromFile.stdout);
    assert.deepEqual(response.results[0], {
      vulns: [{ id: "PYSEC-2021-98", modified: "2021-06-22T04:54:55.381670Z" }],
    });
    assert.deepEqual(response.results[1], {});
    assert.ok(response.results[2].vulns.length >= 3);
    const fromStdin = bulwark(["query", "--db", db, "--batch", "-"], readFileSync(file, "utf8"));
    assert.deepEqual(JSON.parse(fromStdin.stdout), response);
  });
  test("usage mistakes are exit code 2 with a hint", () => {
    assert.equal(bulwark(["query", "--db", db]).code, 2);
    const badPurl = bulwark(["query", "--db", db, "pkg:nope"]);
    assert.equal(badPurl.code, 2);
    const badBatch = bulwark(["query", "--db", db, "--batch", "-"], '{"queries": [{"version": "1"}]}');
    assert.equal(badBatch.code, 2);
    assert.match(badBatch.stderr, /query 0 of the batch: "package" is missing/);
    const notJson = bulwark(["query", "--db", db, "--batch", "-"], "nope");
    assert.match(notJson.stderr, /is not JSON/);
  });
});

describe("bulwark db update", () => {
  test("downloads all.zip from a local mirror given by --base-url, then reads only modified_id.csv", async () => {
    const records = corpusFiles("osv", "go").slice(0, 20);
    const zip = zipSync(Object.fromEntries(records.map((f) => [f.split("/").pop()!, readFileSync(f)])));
    const csv = records
      .map((f) => JSON.parse(readFileSync(f, "utf8")) as { id: string; modified: string })
      .sort((a, b) => (a.modified < b.modified ? 1 : -1))
      .map((r) => `${r.modified},${r.id}`)
      .join("\n");
    const served: string[] = [];
    const server = createServer((req, res) => {
      served.push(req.url ?? "");
      if (req.url === "/Go/all.zip") res.end(zip);
      else if (req.url === "/Go/modified_id.csv") res.end(csv);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // the server runs in this process, so the CLI must be spawned asynchronously
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
    try {
      const updateDb = join(dir, "update.db");
      const first = await run(["db", "update", "--db", updateDb, "--ecosystem", "Go", "--base-url", base]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(
        first.stdout,
        /imported 20, replaced 0, skipped 0, invalid 0\n {2}Go: full, 20 records read/,
      );
      assert.equal(first.stderr, "", "no progress bar when standard error is not a terminal");
      served.length = 0;
      const second = await run(["db", "update", "--db", updateDb, "--base-url", base, "--format", "json"]);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(JSON.parse(second.stdout).ecosystems, [
        { ecosystem: "Go", mode: "unchanged", records: 0 },
      ]);
      assert.deepEqual(served, ["/Go/modified_id.csv"]);
    } finally {
      server.close();
    }
  });
});

describe("an import killed midway", () => {
  test("leaves the previous database intact and usable", async () => {
    const killedDb = join(dir, "killed.db");
    assert.equal(bulwark(["db", "import", "--db", killedDb, corpusPath("osv", "ghsa-and-others")]).code, 0);
    // a mirror that sends half a zip and then stalls: the import has written the pypi folder inside its
    // transaction and is waiting for the rest when it is killed
    let announce: () => void = () => {};
    const stalled = new Promise<void>((resolve) => (announce = resolve));
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-length": 1_000_000 });
      res.write(new Uint8Array(1000));
      announce();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/all.zip`;
    try {
      const child = spawn(process.execPath, [
        CLI_BIN,
        "db",
        "import",
        "--db",
        killedDb,
        corpusPath("osv", "pypi"),
        url,
      ]);
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      await stalled;
      child.kill("SIGKILL");
      await exited;
    } finally {
      server.closeAllConnections();
      server.close();
    }
    const status = JSON.parse(bulwark(["db", "status", "--db", killedDb, "--format", "json"]).stdout);
    assert.equal(status.records, 422);
    const query = bulwark(["query", "--db", killedDb, "pkg:pypi/django@1.11.29"]);
    assert.match(query.stdout, /No known advisories/, "nothing of the pypi folder was kept");
  });
});

describe("damaged, read-only and hostile inputs", () => {
  /**
   * A copy of the test database in which the index pages of package_index_by_package are damaged the quiet
   * way: the key "django" is rewritten, so a lookup finds nothing while SQLite sees a sound page.
   */
  function damagedCopy(name: string): string {
    const copy = join(dir, name);
    copyFileSync(db, copy);
    const sqlite = new Database(copy, { readonly: true });
    const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
    const pages = sqlite
      .prepare<[], number>("SELECT pageno FROM dbstat WHERE name = 'package_index_by_package'")
      .pluck()
      .all();
    sqlite.close();
    const bytes = readFileSync(copy);
    let n = 0;
    for (const page of pages) {
      const start = (page - 1) * pageSize;
      const view = bytes.subarray(start, start + pageSize);
      for (let at = view.indexOf("django"); at >= 0; at = view.indexOf("django", at + 1)) {
        view.write("djangp", at);
        n++;
      }
    }
    assert.ok(n > 0, "the index holds the key");
    writeFileSync(copy, bytes);
    return copy;
  }

  test("a damaged database never answers 'no known advisories': query, scan and db status exit 2", () => {
    const damaged = damagedCopy("damaged.db");
    const query = bulwark(["query", "--db", damaged, "pkg:pypi/django@1.11.29"]);
    assert.equal(query.code, 2, query.stdout);
    assert.match(
      query.stderr,
      /damaged\.db is damaged: PyPI django should have \d+ records and 0 were found/,
    );
    assert.doesNotMatch(query.stdout, /No known advisories/);
    const lock = join(dir, "requirements.txt");
    writeFileSync(lock, "django==1.11.29\n");
    const scan = bulwark(["scan", "--db", damaged, "--lockfile", `requirements.txt:${lock}`, "--offline"]);
    assert.equal(scan.code, 2);
    assert.match(scan.stderr, /is damaged/);
    assert.doesNotMatch(scan.stderr, /unexpected error/);
    const status = bulwark(["db", "status", "--db", damaged]);
    assert.equal(status.code, 2);
    assert.match(status.stderr, /is damaged: .*(index|django)/);
  });

  test("a file SQLite itself finds corrupt is ADVISORY_DB_CORRUPT (exit 2), not an unexpected error", () => {
    const garbled = join(dir, "garbled.db");
    const bytes = readFileSync(db);
    // overwrite everything after the first page with a pattern: every table and index page is garbage
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 7 + 13) & 0xff;
    writeFileSync(garbled, bytes);
    const r = bulwark(["query", "--db", garbled, "pkg:pypi/django@1.11.29"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /garbled\.db is damaged/);
    assert.doesNotMatch(r.stderr, /unexpected error/);
  });

  test("a read-only database serves query, db status and scan, leaves no files behind, and refuses writes", () => {
    const folder = join(dir, "read-only");
    mkdirSync(folder);
    const copy = join(folder, "advisories.db");
    copyFileSync(db, copy);
    chmodSync(copy, 0o444);
    chmodSync(folder, 0o555);
    chmodSync(dir, 0o755);
    // root ignores permissions: run the CLI as nobody then, as a user without write access would
    const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    try {
      const query = bulwark(["query", "--db", copy, "pkg:pypi/django@1.11.29"], undefined, user);
      assert.equal(query.code, 0, query.stderr);
      assert.match(query.stdout, /PYSEC-2021-98/);
      const status = bulwark(["db", "status", "--db", copy], undefined, user);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /integrity: ok/);
      const lock = join(folder, "..", "ro-requirements.txt");
      writeFileSync(lock, "django==1.11.29\n");
      chmodSync(lock, 0o644);
      const scan = bulwark(
        ["scan", "--db", copy, "--lockfile", `requirements.txt:${lock}`, "--offline"],
        undefined,
        user,
      );
      assert.equal(scan.code, 1, scan.stderr);
      assert.match(scan.stdout, /PYSEC-2021-98|GHSA-68w8-qjq3-2gfm/);
      assert.deepEqual(readdirSync(folder), ["advisories.db"], "no -journal, -wal or -shm left behind");
      const write = bulwark(
        ["db", "import", "--db", copy, corpusPath("osv", "go", "GO-2020-0001.json")],
        undefined,
        user,
      );
      assert.equal(write.code, 2);
      assert.match(write.stderr, /cannot be written/);
      assert.doesNotMatch(write.stderr, /not a Bulwark advisory database|remove this one/);
    } finally {
      chmodSync(folder, 0o755);
    }
  });

  test("names and texts from records and archives reach the terminal escaped", async () => {
    const hostile = join(dir, "hostile");
    mkdirSync(hostile);
    // modification of a real record: a summary carrying escape sequences (clear screen, set window title)
    const record = JSON.parse(readFileSync(corpusPath("osv", "go", "GO-2020-0001.json"), "utf8"));
    record.summary = "Gin \u001b[2J\u001b]0;owned\u0007 summary";
    // an archive with a broken entry whose name carries an escape sequence
    const zip = zipSync({
      "GO-2020-0001.json": new TextEncoder().encode(JSON.stringify(record)),
      "evil\u001b[31m.json": new TextEncoder().encode("{ not json"),
    });
    writeFileSync(join(hostile, "all.zip"), zip);
    const hostileDb = join(dir, "hostile.db");
    const imported = bulwark(["db", "import", "--db", hostileDb, join(hostile, "all.zip")]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.ok(!imported.stderr.includes("\u001b"), "no raw escape on standard error");
    assert.match(imported.stderr, /invalid: .*all\.zip!evil\\x1b\[31m\.json: unreadable/);
    const query = bulwark(["query", "--db", hostileDb, "pkg:golang/github.com/gin-gonic/gin@1.5.0"]);
    assert.equal(query.code, 0, query.stderr);
    assert.ok(
      !query.stdout.includes("\u001b") && !query.stdout.includes("\u0007"),
      "no raw control characters",
    );
    assert.match(query.stdout, /Gin \\x1b\[2J\\x1b\]0;owned\\x07 summary/);
    // an error message that names an entry (path traversal) is escaped too
    writeFileSync(join(hostile, "traversal.zip"), zipSync({ "../\u001b[31mevil.json": new Uint8Array(2) }));
    const refused = bulwark(["db", "import", "--db", hostileDb, join(hostile, "traversal.zip")]);
    assert.equal(refused.code, 2);
    assert.ok(!refused.stderr.includes("\u001b"), refused.stderr);
    assert.match(refused.stderr, /"\.\.\/\\x1b\[31mevil\.json" has an unsafe path/);
  });
});
