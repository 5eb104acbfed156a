import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { corpusPath } from "../testing/corpus.js";
import { truncateAllTables, usePostgresTestDatabase } from "../testing/postgres.js";
import { bulwark, bulwarkAsync, type ServerProcess, startServerProcess } from "../testing/server-process.js";

// `bulwark serve` as a real process on an ephemeral port, on both stores: uploads made by the CLI give the
// findings `bulwark scan` gives for the same files; SIGKILL in the middle of uploads leaves the last complete
// state whole; SIGTERM lets a request in flight finish.

const tmp = mkdtempSync(join(tmpdir(), "bulwark-serve-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();
const frontendPath = corpusPath("projects", "dependency-track-frontend");
let inventoryFile: string;
let cdxFile: string;
let expected: Set<string>;

before(() => {
  const advisories = join(tmp, "reference.db");
  assert.equal(bulwark(["db", "import", corpusPath("osv"), "--db", advisories]).code, 0);
  inventoryFile = join(tmp, "frontend.inventory.json");
  cdxFile = join(tmp, "frontend.cdx.json");
  assert.equal(bulwark(["inventory", frontendPath, "--format", "json", "-o", inventoryFile]).code, 0);
  assert.equal(bulwark(["sbom", frontendPath, "--format", "cyclonedx", "-o", cdxFile]).code, 0);
  const scanned = bulwark(["scan", frontendPath, "--db", advisories, "--format", "json"]);
  assert.equal(scanned.code, 1, scanned.stderr);
  expected = new Set(
    JSON.parse(scanned.stdout).findings.map(
      (f: { id: string; package: { purl: string } }) => `${f.package.purl} ${f.id}`,
    ),
  );
});

for (const kind of ["SQLite", "PostgreSQL"] as const) {
  describe(`bulwark serve on ${kind}`, () => {
    let data: string;
    let flags: string[];
    let key: string;
    let server: ServerProcess;
    before(async () => {
      data = mkdtempSync(join(tmp, "data-"));
      if (kind === "PostgreSQL") await truncateAllTables(postgres.url).catch(() => {});
      flags = ["--data", data, ...(kind === "PostgreSQL" ? ["--database", postgres.url] : [])];
      assert.equal(bulwark(["db", "import", corpusPath("osv"), "--db", join(data, "advisories.db")]).code, 0);
      const created = bulwark(["server", "key", "create", "--role", "admin", "--name", "e2e", ...flags]);
      assert.equal(created.code, 0, created.stderr);
      key = created.stdout.trim();
      assert.match(key, /^bwk_[A-Za-z0-9_-]{43}$/, "the key alone on standard output");
      server = await startServerProcess(flags);
    });
    after(async () => {
      await server?.stop("SIGKILL");
    });
    const api = async (path: string) => {
      const r = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked field by field below
      return { status: r.status, body: (await r.json()) as any };
    };
    const upload = (file: string, project: string) =>
      bulwark(["upload", file, "--server", server.url, "--project", project, "--format", "json"], {
        BULWARK_API_KEY: key,
      });

    test("uploads of an inventory and of a CycloneDX SBOM give the findings `bulwark scan` gives", async () => {
      for (const [file, project] of [
        [inventoryFile, "web/inventory"],
        [cdxFile, "web/cyclonedx"],
      ] as const) {
        const r = upload(file, project);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(JSON.parse(r.stdout).findings.new, expected.size);
        const findings = await api(`/api/v1/projects/${encodeURIComponent(project)}/findings?limit=1000`);
        assert.deepEqual(
          new Set(
            findings.body.items.map(
              (f: { purl: string; vulnerability: string }) => `${f.purl} ${f.vulnerability}`,
            ),
          ),
          expected,
          project,
        );
      }
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    });

    test("SIGKILL during uploads leaves the last complete snapshot and consistent counts", async () => {
      for (const delay of [5, 40, 120]) {
        const sending = bulwarkAsync(
          ["upload", inventoryFile, "--server", server.url, "--project", "crash/test"],
          { BULWARK_API_KEY: key },
        );
        await new Promise((r) => setTimeout(r, delay));
        await server.stop("SIGKILL");
        await sending.catch(() => {});
        server = await startServerProcess(flags);
        const project = await api("/api/v1/projects/crash%2Ftest");
        if (project.status === 404) continue; // killed before the first upload committed: nothing half there
        const snapshots = await api("/api/v1/projects/crash%2Ftest/snapshots");
        const current = snapshots.body.items.find((s: { current: boolean }) => s.current);
        const components = await api("/api/v1/projects/crash%2Ftest/components?limit=1000");
        const more = components.body.nextCursor
          ? (
              await api(
                `/api/v1/projects/crash%2Ftest/components?limit=1000&cursor=${encodeURIComponent(components.body.nextCursor)}`,
              )
            ).body.items
          : [];
        assert.equal(
          components.body.items.length + more.length,
          current.componentCount,
          `delay ${delay}: every component of the current snapshot`,
        );
        const open = await api("/api/v1/projects/crash%2Ftest/findings?limit=1000");
        assert.equal(
          project.body.open.total,
          open.body.items.length,
          `delay ${delay}: counts agree with the findings`,
        );
        assert.deepEqual(
          new Set(
            open.body.items.map(
              (f: { purl: string; vulnerability: string }) => `${f.purl} ${f.vulnerability}`,
            ),
          ),
          expected,
        );
      }
    });

    test("SIGTERM lets an upload in flight finish, then the process exits 0", async () => {
      // The body arrives in two halves: SIGTERM is sent between them, while the request is in flight.
      const body = new TextEncoder().encode(readFileSync(inventoryFile, "utf8"));
      let sendRest!: () => void;
      const rest = new Promise<void>((r) => {
        sendRest = r;
      });
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(body.subarray(0, body.length >> 1));
          await rest;
          controller.enqueue(body.subarray(body.length >> 1));
          controller.close();
        },
      });
      const answer = fetch(`${server.url}/api/v1/projects/graceful/uploads`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      await new Promise((r) => setTimeout(r, 200));
      const stopping = Date.now();
      const exited = server.stop("SIGTERM");
      await new Promise((r) => setTimeout(r, 200));
      sendRest();
      assert.equal((await answer).status, 201, "the upload in flight was answered");
      assert.equal(await exited, 0);
      // not held open by the answered request's keep-alive connection (Fastify would wait 72 s for it)
      const stopSeconds = (Date.now() - stopping) / 1000;
      assert.ok(stopSeconds < 30, `stopped in ${stopSeconds} s`);
      server = await startServerProcess(flags);
      assert.equal((await api("/api/v1/projects/graceful")).status, 200);
    });
  });
}
