// The OSV-compatible API under load: a real server process (app.listen on an ephemeral port) on a database of
// the whole corpus, driven by autocannon with 50 connections for 20 s each:
//   1. POST /v1/querybatch of 1,000 queries drawn from the real Go and PyPI records (stdlib included);
//   2. POST /v1/query, cycling through 1,000 single queries drawn the same way;
//   3. GET /v1/vulns/{id}, cycling through ids those queries answer (what osv-scanner does after a batch).
// Target (issue "bulwark serve"): querybatch p99 < 300 ms, 0 errors. Prints figures; never asserts.
// `node --import tsx bench/osv-api.ts` runs everything; the server half runs as a child (`--serve`), so the
// load generator and the server do not share an event loop.
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { buildApp } from "../src/server/app.js";
import { osvApiRoutes } from "../src/server/routes/osv-api.js";
import { buildCorpusDatabase } from "../src/testing/corpus-advisories.js";
import { drawQueries } from "./lib/osv-queries.js";
import { machineLine } from "./lib/process-timing.js";

const CONNECTIONS = 50;
const SECONDS = 20;

/** Child: builds the corpus database, serves the OSV routes on 127.0.0.1:0, reports its port and memory. */
async function serve(): Promise<void> {
  const corpus = await buildCorpusDatabase();
  const app = await buildApp({
    authenticator: { authenticate: async () => undefined },
    routes: [osvApiRoutes({ advisories: corpus.reader, public: true })],
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
  process.on("disconnect", () => process.exit(0)); // the driver is gone
  process.on("message", async (message) => {
    if (message === "rss") process.send?.({ rssMb: process.memoryUsage().rss / 1024 / 1024 });
    if (message === "cpu") process.send?.({ cpuUs: process.cpuUsage() });
    if (message === "stop") {
      await app.close();
      corpus.cleanup();
      process.exit(0);
    }
  });
}

/** Parent: starts the server, runs autocannon against it, prints the figures. */
async function drive(): Promise<void> {
  console.log(machineLine(1));
  const queries = drawQueries(1000);
  const stdlib = queries.filter((q) => q.package.name === "stdlib").length;
  const started = performance.now();
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], { execArgv: ["--import", "tsx"] });
  const ask = <T>(message?: string) =>
    new Promise<T>((resolve) => {
      child.once("message", (m) => resolve(m as T));
      if (message) child.send(message);
    });
  const { port } = await ask<{ port: number }>();
  const base = `http://127.0.0.1:${port}`;
  console.log(
    `server: corpus database built and listening in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // one answer looked at before the load: its size, and whether api.osv.dev's limits made it page
  const batchBody = JSON.stringify({ queries });
  const first = await post(`${base}/v1/querybatch`, batchBody);
  const results = first.results as { vulns?: { id: string }[]; next_page_token?: string }[];
  const listed = results.reduce((n, r) => n + (r.vulns?.length ?? 0), 0);
  const paged = results.filter((r) => r.next_page_token).length;
  console.log(
    `querybatch: 1,000 queries (${queries.filter((q) => q.package.ecosystem === "Go").length} Go, ${stdlib} of them stdlib; ${queries.filter((q) => q.package.ecosystem === "PyPI").length} PyPI), ${(batchBody.length / 1024).toFixed(0)} KiB; answer lists ${listed} vulnerabilities for ${results.filter((r) => r.vulns).length} queries, ${paged} queries paged (over 3,000 listed)`,
  );

  // the server's CPU time per request does not depend on what else the machine runs: with one core to
  // itself, a server answers 50 connections within about 50 x that time
  const measured = async (options: Record<string, unknown>) => {
    const before = await ask<{ cpuUs: NodeJS.CpuUsage }>("cpu");
    const result = await load(options);
    // requests still queued when the run stopped are answered before the next run starts
    await fetch(`${base}/v1/vulns/PYSEC-2021-98`);
    const after = await ask<{ cpuUs: NodeJS.CpuUsage }>("cpu");
    const cpuUs = after.cpuUs.user + after.cpuUs.system - before.cpuUs.user - before.cpuUs.system;
    return { ...result, serverCpuMs: cpuUs / 1000 / Math.max(1, result.requests.total) };
  };
  report(
    "POST /v1/querybatch (1,000 queries)",
    await measured({ url: `${base}/v1/querybatch`, method: "POST", headers: JSON_HEADERS, body: batchBody }),
  );
  const singles = queries.map((q) => ({
    method: "POST",
    path: "/v1/query",
    headers: JSON_HEADERS,
    body: JSON.stringify(q),
  }));
  report("POST /v1/query (1 query, whole records)", await measured({ url: base, requests: singles }));
  const ids = [...new Set(results.flatMap((r) => (r.vulns ?? []).map((v) => v.id)))];
  const gets = ids.map((id) => ({ method: "GET", path: `/v1/vulns/${encodeURIComponent(id)}` }));
  report(`GET /v1/vulns/{id} (${ids.length} ids)`, await measured({ url: base, requests: gets }));

  const { rssMb } = await ask<{ rssMb: number }>("rss");
  console.log(`server RSS after the runs: ${rssMb.toFixed(0)} MB`);
  child.send("stop");
}

const JSON_HEADERS = { "content-type": "application/json" };

async function post(url: string, body: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: "POST", headers: JSON_HEADERS, body });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

// autocannon ships no types; this is the part of its API used here
interface LoadResult {
  latency: { p50: number; p90: number; p99: number; max: number };
  requests: { average: number; total: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

function load(options: Record<string, unknown>): Promise<LoadResult> {
  return autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
}

function report(what: string, r: LoadResult & { serverCpuMs: number }): void {
  console.log(
    `${what}, ${CONNECTIONS} connections, ${SECONDS} s: p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; ${r.requests.average.toFixed(0)} req/s (${r.requests.total} requests, ${(r.throughput.average / 1024 / 1024).toFixed(1)} MB/s); errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}; server CPU ${r.serverCpuMs.toFixed(2)} ms a request (load average ${loadavg()[0]!.toFixed(1)})`,
  );
}

// last, so that every constant above is initialised before either half runs
if (process.argv.includes("--serve")) await serve();
else await drive();
