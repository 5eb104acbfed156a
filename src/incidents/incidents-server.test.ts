import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, describe, test } from "node:test";
import { zipSync } from "fflate";
import { newPackage } from "../ecosystems/new-package.js";
import { inventory, inventoryToJson } from "../inventory/index.js";
import { corpusPath } from "../testing/corpus.js";
import { CORPUS_OSV_FOLDERS } from "../testing/corpus-advisories.js";
import { truncateAllTables, usePostgresTestDatabase } from "../testing/postgres.js";
import { guacWithRapidReset } from "../testing/prioritise-fixtures.js";
import { bulwark, type ServerProcess, startServerProcess } from "../testing/server-process.js";

// Incidents on a real `bulwark serve` process, on both stores. The KEV catalogue and the corpus advisories are
// imported through the API after the projects were uploaded; the incident automation (a consumer of the
// outbox) opens an incident for each KEV-listed vulnerability that affects a project — exactly the 12 corpus
// records whose aliases CISA lists (src/prioritise/kev-corpus.test.ts names them) — and a later snapshot
// without the vulnerable versions moves its project to fixed.

/** The 12 corpus records whose aliases are KEV-listed. */
const KEV_RECORDS = [
  "GHSA-c9hw-wf7x-jp9j",
  "GHSA-p836-389h-j692",
  "GHSA-pjfr-qf3p-3q25",
  "GHSA-qppj-fm5r-hxr3",
  "GO-2022-0535",
  "GO-2025-3459",
  "PYSEC-2020-102",
  "PYSEC-2020-103",
  "PYSEC-2020-104",
  "PYSEC-2020-14",
  "PYSEC-2020-18",
  "PYSEC-2022-236",
];

/**
 * An inventory holding, for each of those records, its package at a version the record itself lists as
 * affected (its `versions` list or ranges): tomcat-embed-core 7.0.11 (Ghostcat and the Windows PUT RCE), shiro
 * 1.1.0, x/net 0.16.0, Go's stdlib 1.12.0, wazuh 4.4.0+incompatible, salt 0.8.9, apache-airflow 1.8.1, pyspark
 * 2.1.1.
 */
function kevExposure(): string {
  const packages = [
    ["Maven", "org.apache.tomcat.embed:tomcat-embed-core", "7.0.11"],
    ["Maven", "org.apache.shiro:shiro-core", "1.1.0"],
    ["Go", "golang.org/x/net", "0.16.0"],
    ["Go", "stdlib", "1.12.0"],
    ["Go", "github.com/wazuh/wazuh", "4.4.0+incompatible"],
    ["PyPI", "salt", "0.8.9"],
    ["PyPI", "apache-airflow", "1.8.1"],
    ["PyPI", "pyspark", "2.1.1"],
  ].map(([ecosystem, name, version]) =>
    newPackage({ ecosystem: ecosystem!, name: name!, version: version!, direct: true }),
  );
  return JSON.stringify(inventoryToJson({ packages, sources: [], errors: [] }));
}

/** Every corpus OSV record in one zip, as `POST /api/v1/advisories` takes it. */
function corpusZip(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const folder of CORPUS_OSV_FOLDERS) {
    const root = corpusPath("osv", folder);
    for (const file of readdirSync(root, { recursive: true }) as string[])
      if (/\.(json|ya?ml)$/.test(file))
        files[`${folder}/${relative(root, join(root, file))}`] = readFileSync(join(root, file));
  }
  return zipSync(files);
}

const tmp = mkdtempSync(join(tmpdir(), "bulwark-incidents-e2e-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const postgres = usePostgresTestDatabase();
let zip: Uint8Array;
let vulnerable: string;
let fixedGuac: string;
let config: string;

before(async () => {
  zip = corpusZip();
  vulnerable = JSON.stringify(inventoryToJson(await inventory([guacWithRapidReset(tmp)])));
  fixedGuac = JSON.stringify(inventoryToJson(await inventory([corpusPath("projects", "guac")])));
  // only the KEV rule: the corpus has many CVSS ≥ 9 findings, and this test counts the KEV incidents
  config = join(tmp, "bulwark.toml");
  writeFileSync(config, '[server.incidents]\nmin_cvss = 0\nowner = "security-team"\n');
});

for (const kind of ["SQLite", "PostgreSQL"] as const) {
  describe(`incidents on a bulwark serve process (${kind})`, () => {
    let server: ServerProcess;
    let key: string;
    let flags: string[];
    before(async () => {
      const data = mkdtempSync(join(tmp, "data-"));
      if (kind === "PostgreSQL") await truncateAllTables(postgres.url).catch(() => {});
      flags = ["--data", data, ...(kind === "PostgreSQL" ? ["--database", postgres.url] : [])];
      const created = bulwark(["server", "key", "create", "--role", "admin", "--name", "e2e", ...flags]);
      assert.equal(created.code, 0, created.stderr);
      key = created.stdout.trim();
      server = await startServerProcess([...flags, "--config", config]);
    });
    after(async () => {
      await server?.stop("SIGKILL");
    });
    const call = async (
      method: string,
      path: string,
      body?: string | Uint8Array,
      type = "application/json",
    ) => {
      const r = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { "content-type": type } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
      const text = await r.text();
      // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked field by field below
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: r.status, json, text, type: r.headers.get("content-type") ?? "" };
    };
    const upload = (project: string, body: string) =>
      call("POST", `/api/v1/projects/${encodeURIComponent(project)}/uploads`, body);
    const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
      for (let i = 0; i < 150; i++) {
        const found = await probe();
        if (found !== undefined) return found;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.fail(`timed out waiting for ${what}`);
    };

    test("the KEV catalogue and the advisories imported after the uploads auto-open the 12 KEV incidents", async () => {
      const kev = await call(
        "POST",
        "/api/v1/advisories/kev",
        readFileSync(corpusPath("kev", "known_exploited_vulnerabilities.json")),
      );
      assert.equal(kev.status, 200, kev.text);
      assert.ok(kev.json.entries > 1000);
      for (const [project, body] of [
        ["payments/guac", vulnerable],
        ["corpus/guac", fixedGuac],
        ["lab/kev-exposure", kevExposure()],
      ] as const)
        assert.equal((await upload(project, body)).status, 201);
      const imported = await call("POST", "/api/v1/advisories", zip, "application/zip");
      assert.equal(imported.status, 200, imported.text);
      assert.ok(imported.json.newFindings > 0);
      const incidents = await until("12 incidents", async () => {
        const page = await call("GET", "/api/v1/incidents?status=open&limit=100");
        return page.json.items.length >= 12 ? page.json.items : undefined;
      });
      await new Promise((r) => setTimeout(r, 1500)); // and no more than 12 come
      const all = (await call("GET", "/api/v1/incidents?limit=100")).json.items;
      assert.equal(
        all.length,
        12,
        JSON.stringify(all.map((i: { vulnerability: string }) => i.vulnerability)),
      );
      for (const record of KEV_RECORDS)
        assert.ok(
          incidents.some((i: { vulnerability: string; aliases: string[] }) =>
            [i.vulnerability, ...i.aliases].includes(record),
          ),
          `an incident for ${record}`,
        );
      assert.ok(
        all.every(
          (i: { openedBy: string; owner: string }) =>
            i.openedBy === "rule:kev" && i.owner === "security-team",
        ),
      );
    });

    test("the rapid-reset incident: blast radius, statuses, timeline; a fixed snapshot moves its project to fixed", async () => {
      const list = (await call("GET", "/api/v1/incidents?limit=100")).json.items;
      const rapid = list.find((i: { aliases: string[]; vulnerability: string }) =>
        [i.vulnerability, ...i.aliases].includes("CVE-2023-44487"),
      );
      const detail = (await call("GET", `/api/v1/incidents/${rapid.id}`)).json;
      assert.equal(detail.kev, true);
      assert.deepEqual(
        detail.projects.map((p: { project: string; status: string }) => [p.project, p.status]),
        [
          ["lab/kev-exposure", "affected"],
          ["payments/guac", "affected"],
        ],
      );
      const guac = detail.projects.find((p: { project: string }) => p.project === "payments/guac");
      assert.deepEqual(
        guac.packages.map((p: { purl: string; direct: boolean; fixed: string[] }) => [
          p.purl,
          p.direct,
          p.fixed[0],
        ]),
        [
          ["pkg:golang/golang.org/x/net@0.16.0", false, "0.17.0"],
          ["pkg:golang/google.golang.org/grpc@1.56.2", true, "1.56.3"],
        ],
      );
      const ack = await call(
        "PUT",
        `/api/v1/incidents/${rapid.id}/projects/${encodeURIComponent("payments/guac")}`,
        JSON.stringify({ status: "acknowledged" }),
      );
      assert.equal(ack.status, 200, ack.text);
      const bad = await call(
        "PUT",
        `/api/v1/incidents/${rapid.id}/projects/${encodeURIComponent("lab/kev-exposure")}`,
        JSON.stringify({ status: "not_affected" }),
      );
      assert.equal(bad.status, 400);
      assert.equal((await upload("payments/guac", fixedGuac)).status, 201);
      const fixed = await until("payments/guac fixed", async () => {
        const d = (await call("GET", `/api/v1/incidents/${rapid.id}`)).json;
        return d.projects.find(
          (p: { project: string; status: string }) => p.project === "payments/guac" && p.status === "fixed",
        )
          ? d
          : undefined;
      });
      assert.deepEqual(
        fixed.timeline
          .filter((e: { project?: string }) => e.project !== "lab/kev-exposure")
          .map(
            (e: { type: string; project?: string; by: string }) => `${e.type} ${e.project ?? "-"} ${e.by}`,
          ),
        [
          "opened - rule:kev",
          "project.affected payments/guac rule:kev",
          "project.status payments/guac e2e",
          "project.fixed payments/guac upload",
        ],
      );
      assert.equal(fixed.progress.fixedShare, 0.5);
      assert.equal(fixed.progress.timeToContainMs, undefined);
      const na = await call(
        "PUT",
        `/api/v1/incidents/${rapid.id}/projects/${encodeURIComponent("lab/kev-exposure")}`,
        JSON.stringify({
          status: "not_affected",
          justification: "vulnerable_code_not_in_execute_path",
          detail: "<b>lab</b>",
        }),
      );
      assert.equal(na.status, 200, na.text);
      const contained = (await call("GET", `/api/v1/incidents/${rapid.id}`)).json;
      assert.ok(contained.progress.timeToContainMs > 0);
      const html = await call("GET", `/api/v1/incidents/${rapid.id}/report?format=html`);
      assert.match(html.type, /text\/html/);
      assert.ok(html.text.includes("&lt;b&gt;lab&lt;/b&gt;") && !html.text.includes("<b>lab</b>"));
      assert.doesNotMatch(html.text, /<script|<link|src=|href="http/);
      const md = await call("GET", `/api/v1/incidents/${rapid.id}/report?format=markdown`);
      assert.match(md.type, /text\/markdown/);
      assert.match(md.text, /\| payments\/guac \| fixed \|/);
      const closed = await call("POST", `/api/v1/incidents/${rapid.id}/close`);
      assert.equal(closed.status, 200);
      assert.equal(closed.json.status, "closed");
      assert.equal((await call("POST", `/api/v1/incidents/${rapid.id}/close`)).status, 409);
    });

    test("SIGKILL right after an upload: the restarted server's automation continues from the saved position", async () => {
      assert.equal((await upload("ops/guac", vulnerable)).status, 201);
      await server.stop("SIGKILL");
      server = await startServerProcess([...flags, "--config", config]);
      // the rapid-reset incident was closed: the KEV rule opens a new one with ops/guac (and what is still affected)
      const reopened = await until("a new rapid-reset incident", async () => {
        const open = (await call("GET", "/api/v1/incidents?status=open&limit=100")).json.items;
        return open.find((i: { vulnerability: string; aliases: string[] }) =>
          [i.vulnerability, ...i.aliases].includes("CVE-2023-44487"),
        );
      });
      const detail = (await call("GET", `/api/v1/incidents/${reopened.id}`)).json;
      assert.deepEqual(
        detail.projects.map((p: { project: string; status: string }) => [p.project, p.status]),
        [
          ["lab/kev-exposure", "affected"],
          ["ops/guac", "affected"],
        ],
      );
      // one incident per vulnerability: the event read again after the restart opened nothing more
      const all = (await call("GET", "/api/v1/incidents?limit=100")).json.items;
      assert.equal(all.length, 13);
    });
  });
}
