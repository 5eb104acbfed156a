import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openPortfolioStore } from "../store/portfolio/index.js";
import { corpusPath } from "../testing/corpus.js";
import { bulwark, type ServerProcess, startServerProcess } from "../testing/server-process.js";
import { SLA_BREACH } from "./breaches.js";
import { DEFAULT_SLA, slaDaysFor } from "./sla.js";

// The patch-response clock end to end, on a real `bulwark serve` process whose clock the test sets with the
// test-only `--now`: day 0 the project is uploaded and the held-back ejs advisories are imported through the
// API; day 10 a snapshot upgrades ejs; day 40 the server (restarted with a bulwark.toml SLA policy) reports
// the clock values, the history, the breaches and the export.

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-05T09:00:00.000Z");
const EJS = ["GHSA-phwq-j96m-2c2q.json", "GHSA-ghr5-ch3p-vcr6.json"];

const tmp = mkdtempSync(join(tmpdir(), "bulwark-clock-process-"));
const data = join(tmp, "data");
let key: string;
let server: ServerProcess | undefined;
let inventory: { packages: { name: string; version: string; purl: string }[] };

before(() => {
  // the corpus advisories without the ejs records, which the test imports later through the API
  const osv = join(tmp, "osv");
  cpSync(corpusPath("osv"), osv, { recursive: true });
  for (const file of EJS) rmSync(join(osv, "npm-ghsa", file));
  assert.equal(bulwark(["db", "import", osv, "--db", join(data, "advisories.db")]).code, 0);
  const created = bulwark(["server", "key", "create", "--role", "admin", "--name", "e2e", "--data", data]);
  assert.equal(created.code, 0, created.stderr);
  key = created.stdout.trim();
  const file = join(tmp, "frontend.json");
  const made = bulwark([
    "inventory",
    corpusPath("projects", "dependency-track-frontend"),
    "--format",
    "json",
    "-o",
    file,
  ]);
  assert.equal(made.code, 0, made.stderr);
  inventory = JSON.parse(readFileSync(file, "utf8"));
});
after(async () => {
  await server?.stop("SIGKILL");
  rmSync(tmp, { recursive: true, force: true });
});

async function api(method: "GET" | "POST", path: string, body?: unknown) {
  const r = await fetch(`${server!.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text.slice(0, 500)}`);
  return text.startsWith("[") || text.startsWith("{") ? JSON.parse(text) : text;
}

async function startAt(day: number, extra: string[] = []) {
  await server?.stop();
  server = await startServerProcess([
    "--data",
    data,
    "--now",
    new Date(T0 + day * DAY).toISOString(),
    ...extra,
  ]);
}

test("detected on import, fixed by a later upload, breached by day 40: metrics, history, export, sla.breach", async () => {
  await startAt(0);
  const first = await api("POST", "/api/v1/projects/web%2Ffrontend/uploads", inventory);
  const records = EJS.map((f) => JSON.parse(readFileSync(corpusPath("osv", "npm-ghsa", f), "utf8")));
  const imported = await api("POST", "/api/v1/advisories", records);
  assert.equal(imported.imported, EJS.length);
  assert.ok(imported.newFindings >= EJS.length, "the import makes the project affected");
  const ejs = (await api("GET", "/api/v1/projects/web%2Ffrontend/findings?limit=1000")).items.filter(
    (f: { purl: string }) => f.purl === "pkg:npm/ejs@2.7.4",
  );
  assert.ok(ejs.length >= EJS.length);
  for (const f of ejs) {
    assert.ok(
      Date.parse(f.detectedAt) >= T0 && Date.parse(f.detectedAt) < T0 + DAY,
      "detected by the import",
    );
    assert.ok(Date.parse(f.publishedAt) < T0, "published long before");
    const days = slaDaysFor(DEFAULT_SLA, f.severity.rating, f.kev);
    assert.equal(Date.parse(f.slaDueAt) - Date.parse(f.detectedAt), days * DAY, "the default policy");
  }

  await startAt(10);
  const upgraded = {
    ...inventory,
    packages: inventory.packages.map((p) =>
      p.name === "ejs" ? { ...p, version: "3.1.10", purl: "pkg:npm/ejs@3.1.10" } : p,
    ),
  };
  const second = await api("POST", "/api/v1/projects/web%2Ffrontend/uploads", upgraded);
  assert.equal(second.findings.fixed, ejs.length, "the upgrade fixes every ejs finding");

  const config = join(tmp, "bulwark.toml");
  writeFileSync(config, "[server.sla]\ncritical = 15\nhigh = 20\n");
  await startAt(40, ["--config", config]);
  const sla = await api("GET", "/api/v1/settings/sla");
  assert.deepEqual(sla, { kev: 14, critical: 15, high: 20, medium: 90, low: 180, unknown: 90 });
  const findings = (await api("GET", "/api/v1/projects/web%2Ffrontend/findings?state=all&limit=1000")).items;
  for (const f of findings) {
    const days = { critical: 15, high: 20 }[f.severity.rating as string];
    if (days && !f.kev) assert.equal(Date.parse(f.slaDueAt) - Date.parse(f.detectedAt), days * DAY);
  }
  const metrics = await api("GET", "/api/v1/metrics");
  const open = findings.filter((f: { state: string }) => f.state === "open");
  const breached = open.filter((f: { slaDueAt: string }) => Date.parse(f.slaDueAt) < T0 + 40 * DAY);
  assert.equal(metrics.open.total, open.length);
  assert.equal(metrics.slaBreaches.total, breached.length);
  assert.ok(breached.length > 0);
  const ttr = Object.values(metrics.mttr as Record<string, { median: number | null; count: number }>);
  assert.equal(
    ttr.reduce((n, s) => n + s.count, 0),
    ejs.length,
  );
  for (const s of ttr) if (s.count) assert.ok(s.median! > 9.99 && s.median! < 10.01, `ttr ${s.median}`);
  assert.ok(Object.values(metrics.mttd as Record<string, { count: number }>).every((s) => s.count === 0));

  const from = new Date(T0).toISOString();
  const history = (
    await api("GET", `/api/v1/metrics/history?from=${from}&to=${new Date(T0 + 40 * DAY).toISOString()}`)
  ).items;
  assert.equal(history.length, 41);
  assert.equal(history[0].total, first.findings.open + imported.newFindings);
  assert.equal(history[10].total, history[0].total - ejs.length);
  assert.equal(history[40].breached, metrics.slaBreaches.total);

  const csv: string = await api("GET", "/api/v1/findings/export?format=csv&state=fixed");
  const lines = csv.trimEnd().split("\r\n");
  assert.equal(lines.length, 1 + ejs.length);
  const header = lines[0]!.split(",");
  const ttrColumn = header.indexOf("ttrDays");
  for (const line of lines.slice(1)) assert.equal(Number(line.split(",")[ttrColumn]), 10);

  await server!.stop();
  server = undefined;
  const store = await openPortfolioStore({ kind: "sqlite", path: join(data, "portfolio.db") });
  try {
    const events = await store.events.read({ after: 0, limit: 1000, types: [SLA_BREACH] });
    assert.equal(events.length, 1, "one event for the project");
    const payload = events[0]!.payload as { project: { name: string }; findings: unknown[] };
    assert.equal(payload.project.name, "web/frontend");
    assert.equal(payload.findings.length, breached.length);
  } finally {
    await store.close();
  }
});
