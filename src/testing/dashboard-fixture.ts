// Test and benchmark support for the dashboard: builds the app with the real build script, and stands up a real
// server (HTTP on an ephemeral port, a SQLite portfolio store, the corpus advisories) with keys of each role.

import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importAdvisories, openAdvisoryDatabase } from "../advisories/index.js";
import type { AdvisoryReader } from "../advisories/ports.js";
import { openAdvisoriesForReading } from "../cli/advisories.js";
import { DEFAULT_INCIDENT_RULES } from "../incidents/rules.js";
import { inventory, inventoryToJson } from "../inventory/index.js";
import type { OsvRecord } from "../model/osv.js";
import type { App } from "../server/app.js";
import { newApiKey } from "../server/key-authenticator.js";
import { buildServer } from "../server/server.js";
import { hashApiKey } from "../store/portfolio/api-key-hash.js";
import { openPortfolioStore, type PortfolioStore } from "../store/portfolio/index.js";
import { corpusPath, REPO_ROOT } from "./corpus.js";
import { CORPUS_OSV_FOLDERS } from "./corpus-advisories.js";

/** Builds the dashboard into `outdir` with scripts/build-web.mjs (the same build `npm run build` makes). */
export async function buildDashboard(outdir: string): Promise<void> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "scripts", "build-web.mjs"), "--outdir", outdir], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`the dashboard build failed (${code}): ${output}`);
}

/** The corpus projects uploaded by default, under names with team prefixes (so scoped keys see a slice). */
export const DASHBOARD_PROJECTS: Record<string, string> = {
  "web/dependency-track-frontend": "dependency-track-frontend",
  "web/sigstore-js": "sigstore-js",
  "platform/renovate": "renovate",
  "platform/osv.dev": "osv.dev",
  "go/guac": "guac",
  "go/scorecard": "scorecard",
  "java/dependency-track-apiserver": "dependency-track-apiserver",
};

/** The keys of a dashboard server: one per role, and a read key scoped to `web/*`. */
export interface DashboardKeys {
  admin: string;
  ci: string;
  auditor: string;
  teamWeb: string;
}

export interface DashboardServer {
  url: string;
  app: App;
  store: PortfolioStore;
  keys: DashboardKeys;
  /** The inventory JSON uploaded for each project. */
  inventories: Record<string, string>;
  /** Uploads a document to a project through the API (the `ci` key by default); the answer's JSON. */
  upload(project: string, body: string, key?: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface DashboardServerOptions {
  /** The built dashboard (buildDashboard). */
  webRoot: string;
  /** Projects to upload at start (default DASHBOARD_PROJECTS; {} for none). */
  projects?: Record<string, string>;
  /** Records to import after the corpus (e.g. a hostile copy of a corpus record, with a later `modified`). */
  extraAdvisories?: OsvRecord[];
  /** Corpus OSV folders to import (default: all of them). */
  advisoryFolders?: readonly string[];
  /** A store to serve instead of a fresh one (the benchmark's seeded store). */
  store?: PortfolioStore;
  clock?: () => Date;
  /** Run the incident automation (default rules) as `bulwark serve` does. */
  incidentAutomation?: boolean;
}

/**
 * The corpus advisories of `folders`, then `extra` records imported after them (a record with a later
 * `modified` replaces the corpus one), in a database under `dir`, opened for reading. The one place this file
 * touches the advisory database's own API.
 */
async function advisoryDatabase(
  dir: string,
  folders: readonly string[],
  extra: readonly OsvRecord[],
): Promise<{ path: string; reader: AdvisoryReader; close(): Promise<void> }> {
  const path = join(dir, "advisories.db");
  const db = await openAdvisoryDatabase({ path, mode: "write" });
  try {
    await importAdvisories(
      db.writer!,
      folders.map((f) => corpusPath("osv", f)),
    );
    if (extra.length) {
      const file = join(dir, "extra-advisories.json");
      await writeFile(file, JSON.stringify(extra));
      await importAdvisories(db.writer!, [file]);
    }
  } finally {
    await db.close();
  }
  const opened = await openAdvisoriesForReading(path, {});
  return { path, reader: opened.reader, close: opened.close };
}

/** Reads one OSV record of the corpus. */
export async function corpusRecord(folder: string, file: string): Promise<OsvRecord> {
  return JSON.parse(await readFile(corpusPath("osv", folder, file), "utf8")) as OsvRecord;
}

/**
 * Starts a real server on 127.0.0.1 (ephemeral port) with the corpus advisories (plus `extraAdvisories`), a
 * fresh SQLite portfolio (or the given store), keys of every role, and the corpus projects uploaded through
 * the API as Bulwark inventories.
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const dir = await mkdtemp(join(tmpdir(), "bulwark-web-"));
  const advisories = await advisoryDatabase(
    dir,
    options.advisoryFolders ?? CORPUS_OSV_FOLDERS,
    options.extraAdvisories ?? [],
  );
  const store =
    options.store ?? (await openPortfolioStore({ kind: "sqlite", path: join(dir, "portfolio.db") }));
  const { app } = await buildServer({
    store,
    advisories: { reader: advisories.reader, location: advisories.path },
    webRoot: options.webRoot,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.incidentAutomation ? { incidents: { rules: DEFAULT_INCIDENT_RULES, everyMs: 250 } } : {}),
  });
  const keys = {} as DashboardKeys;
  const add = async (name: string, role: "admin" | "write" | "read", projects: string[] = []) => {
    const key = newApiKey();
    await store.apiKeys.create({
      name: `${name}-${Date.now().toString(36)}`,
      role,
      projectPatterns: projects,
      hash: hashApiKey(key),
      createdAt: new Date().toISOString(),
    });
    return key;
  };
  keys.admin = await add("admin", "admin");
  keys.ci = await add("ci", "write");
  keys.auditor = await add("auditor", "read");
  keys.teamWeb = await add("team-web", "read", ["web/*"]);
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  const upload = async (project: string, body: string, key = keys.ci) => {
    const response = await fetch(`${url}/api/v1/projects/${encodeURIComponent(project)}/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    });
    return { status: response.status, body: await response.json() };
  };
  const inventories: Record<string, string> = {};
  for (const [project, folder] of Object.entries(options.projects ?? DASHBOARD_PROJECTS)) {
    inventories[project] = JSON.stringify(inventoryToJson(await inventory([corpusPath("projects", folder)])));
    const answer = await upload(project, inventories[project]!);
    if (answer.status !== 201) throw new Error(`uploading ${project}: ${JSON.stringify(answer.body)}`);
  }
  return {
    url,
    app,
    store,
    keys,
    inventories,
    upload,
    async close() {
      await app.close();
      if (!options.store) await store.close();
      advisories.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
