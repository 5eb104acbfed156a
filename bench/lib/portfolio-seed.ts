// Seeds a portfolio store with a large, realistic portfolio built from the real corpus projects, for the store's
// benchmark and the server's. Reusable: seedPortfolio(store, { projects, componentRows }).
//
// Shape: project i is derived from one corpus project (its inventory read by Bulwark's inventory()):
// dependency-track-frontend for every third project, the other corpus projects in turn for the rest. Each takes
// a window of its template's components (about componentRows/projects of them), with some versions varied and,
// when the template is smaller than the window, further laps under varied names ("name-r1"), so the reverse index
// holds many distinct packages. The hot package (bootstrap, which only dependency-track-frontend has among the
// corpus projects) is in every frontend-derived project: a third of the portfolio. Seeded findings are the real
// matches of the corpus npm advisories, except the hot advisory, held back for an import benchmark.

import type { OsvRecord } from "../../src/model/osv.js";
import type { FindingFacts, Instant, NewComponent, PortfolioStore } from "../../src/store/portfolio/index.js";
import { encodeSnapshotContent } from "../../src/store/portfolio/index.js";
import {
  type CorpusProject,
  corpusProject,
  corpusProjectNames,
  findingsFor,
  indexAdvisories,
  npmAdvisories,
  packageKeyOf,
} from "../../src/testing/portfolio-fixtures.js";

/** The package present in a third of the projects, and a real advisory affecting it (held back). */
export const HOT_TEMPLATE = "dependency-track-frontend";
export const HOT_PACKAGE = "bootstrap";
export const HOT_ADVISORY = "GHSA-vc8w-jr9v-vj7f";
// Real bootstrap releases inside that advisory's range (>= 4.0.0, <= 4.6.2): the hot package's versions vary
// across projects and every one of them is affected, as in a fleet that has not upgraded yet.
const HOT_VERSIONS = ["4.6.2", "4.6.1", "4.6.0", "4.5.3", "4.5.2", "4.5.0", "4.4.1", "4.3.1"];

export interface SeedOptions {
  projects: number;
  componentRows: number;
  /** Projects written per transaction (default: all in one on SQLite, 250 on PostgreSQL). */
  projectsPerTransaction?: number;
  /** Upload times are spread over the year before this instant (default: now). */
  now?: Instant;
  onProgress?: (projectsDone: number) => void;
}

export interface SeedResult {
  projects: number;
  componentRows: number;
  findings: number;
  ms: number;
  hot: {
    key: { ecosystem: string; name: string };
    advisory: OsvRecord;
    /** Projects holding the hot package. */
    projects: number;
  };
}

/** The corpus material a seed is built from (read once, reusable across seeds). */
export interface SeedMaterial {
  templates: CorpusProject[];
  hotTemplate: CorpusProject;
  hot: NewComponent;
  advisories: OsvRecord[];
  hotAdvisory: OsvRecord;
}

/** Reads the corpus projects and advisories a seed needs. */
export async function seedMaterial(): Promise<SeedMaterial> {
  const templates = await Promise.all((await corpusProjectNames()).map(corpusProject));
  const hotTemplate = templates.find((t) => t.name === HOT_TEMPLATE);
  const hot = hotTemplate?.components.find((c) => c.key.ecosystem === "npm" && c.key.name === HOT_PACKAGE);
  if (!hotTemplate || !hot) throw new Error(`the corpus lacks ${HOT_TEMPLATE} or its ${HOT_PACKAGE} package`);
  const others = templates.filter((t) => t !== hotTemplate);
  if (others.some((t) => t.components.some((c) => c.key.name === HOT_PACKAGE && c.key.ecosystem === "npm"))) {
    throw new Error(`${HOT_PACKAGE} is in other corpus projects too: the hot share would not be a third`);
  }
  const advisories = await npmAdvisories();
  const hotAdvisory = advisories.find((r) => r.id === HOT_ADVISORY);
  if (!hotAdvisory) throw new Error(`the corpus lacks ${HOT_ADVISORY}`);
  return { templates, hotTemplate, hot, advisories, hotAdvisory };
}

/** purl with its name suffixed and/or its version replaced ("pkg:npm/%40s/n@1.0?q#p"). */
function rewritePurl(purl: string, change: { nameSuffix?: string; version?: string }): string {
  const end = purl.search(/[?#]/);
  const head = end < 0 ? purl : purl.slice(0, end);
  const tail = end < 0 ? "" : purl.slice(end);
  const at = head.lastIndexOf("@");
  const base = at > purl.indexOf("/") ? head.slice(0, at) : head;
  const version = at > purl.indexOf("/") ? head.slice(at + 1) : "";
  const newVersion = change.version ?? version;
  return `${base}${change.nameSuffix ?? ""}${newVersion ? `@${encodeURIComponent(newVersion)}` : ""}${tail}`;
}

/** The version with its last number raised by `by` ("1.2.3" -> "1.2.4", "v0.3.1" -> "v0.3.2"). */
function bump(version: string, by: number): string {
  return version.replace(/(\d+)(?!.*\d)/, (n) => String(Number(n) + by));
}

function variant(c: NewComponent, lap: number, versionBump: number): NewComponent {
  const name = lap > 0 ? `${c.name}-r${lap}` : c.name;
  const version = versionBump > 0 ? bump(c.version, versionBump) : c.version;
  if (name === c.name && version === c.version) return c;
  return {
    ...c,
    name,
    version,
    key: packageKeyOf(c.ecosystem, name),
    purl: rewritePurl(c.purl, { nameSuffix: lap > 0 ? `-r${lap}` : undefined, version }),
  };
}

/** The components of project i: a window of its template, varied; the hot package first when it has it. */
export function projectComponents(
  i: number,
  template: CorpusProject,
  count: number,
  hot?: NewComponent,
): NewComponent[] {
  const source = template.components.filter((c) => c !== hot);
  const out: NewComponent[] = [];
  const seen = new Set<string>();
  if (hot) {
    const version = HOT_VERSIONS[i % HOT_VERSIONS.length] as string;
    const c = { ...hot, version, purl: rewritePurl(hot.purl, { version }) };
    out.push(c);
    seen.add(c.purl);
  }
  const offset = (i * 131) % source.length;
  for (let j = 0; out.length < count && j < count * 4; j++) {
    const c = source[(offset + j) % source.length] as NewComponent;
    const lap = Math.floor(j / source.length);
    const v = variant(c, lap, (i + j) % 4 === 0 ? 1 + (i % 3) : 0);
    if (seen.has(v.purl)) continue;
    seen.add(v.purl);
    out.push(v);
  }
  return out;
}

/** How many component rows each project gets: about rows/projects, varied, summing to exactly `rows`. */
export function rowCounts(projects: number, rows: number): number[] {
  const base = Math.floor(rows / projects);
  const spread = Math.min(200, Math.floor(base / 2));
  const counts = Array.from({ length: projects }, (_, i) => base + (((i * 37) % (2 * spread + 1)) - spread));
  let diff = rows - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % projects) {
    const step = diff > 0 ? 1 : -1;
    if ((counts[i] as number) + step >= 1) {
      counts[i] = (counts[i] as number) + step;
      diff -= step;
    }
  }
  return counts;
}

/** The project name of index i: 50 teams, so scope patterns like "team-7/*" select a slice. */
export function projectName(i: number): string {
  return `team-${i % 50}/service-${i}`;
}

/**
 * Writes the portfolio through the store's own repositories (the same writes an upload makes: project, tags,
 * snapshot, components, findings, an event), several projects per transaction, then the open counts.
 */
export async function seedPortfolio(
  store: PortfolioStore,
  options: SeedOptions,
  material?: SeedMaterial,
): Promise<SeedResult> {
  const started = performance.now();
  const m = material ?? (await seedMaterial());
  const others = m.templates.filter((t) => t !== m.hotTemplate);
  const index = indexAdvisories(m.advisories.filter((r) => r.id !== HOT_ADVISORY));
  const counts = rowCounts(options.projects, options.componentRows);
  const perTransaction = options.projectsPerTransaction ?? (store.kind === "sqlite" ? options.projects : 250);
  const now = Date.parse(options.now ?? new Date().toISOString());
  const year = 365 * 24 * 3600 * 1000;
  let rows = 0;
  let findings = 0;
  let hotProjects = 0;
  const ids: number[] = [];
  for (let first = 0; first < options.projects; first += perTransaction) {
    const last = Math.min(options.projects, first + perTransaction);
    // Build outside the transaction (parse and match first, then write), as an upload does.
    const batch: {
      i: number;
      at: Instant;
      components: NewComponent[];
      findings: FindingFacts[];
      content: Uint8Array;
    }[] = [];
    for (let i = first; i < last; i++) {
      const isHot = i % 3 === 0;
      const template = isHot ? m.hotTemplate : (others[i % others.length] as CorpusProject);
      const components = projectComponents(i, template, counts[i] as number, isHot ? m.hot : undefined);
      const at = new Date(now - year + Math.floor((year * i) / options.projects)).toISOString();
      batch.push({
        i,
        at,
        components,
        findings: findingsFor(components, index),
        content: await encodeSnapshotContent(components.map((c) => c.purl)),
      });
      if (isHot) hotProjects++;
    }
    await store.transaction(async (tx) => {
      for (const p of batch) {
        const { project } = await tx.projects.ensure(projectName(p.i), p.at);
        const tags = [`team-${p.i % 50}`, ...(p.i % 5 === 0 ? ["internet-facing"] : [])];
        await tx.projects.update(project.id, { tags, at: p.at });
        const snapshot = await tx.snapshots.add({
          projectId: project.id,
          version: "",
          createdAt: p.at,
          format: "bulwark-inventory",
          componentCount: p.components.length,
          content: p.content,
        });
        await tx.components.replace(project.id, "", p.components);
        await tx.findings.insert(
          p.findings.map((f) => ({
            ...f,
            projectId: project.id,
            projectVersion: "",
            detectedAt: p.at,
            detectedSnapshotId: snapshot.id,
          })),
        );
        await tx.projects.recordUpload(project.id, p.at);
        await tx.events.append([
          {
            type: "upload.accepted",
            occurredAt: p.at,
            projectId: project.id,
            payload: { snapshot: snapshot.id, components: p.components.length, findings: p.findings.length },
          },
        ]);
        ids.push(project.id);
        rows += p.components.length;
        findings += p.findings.length;
      }
    });
    options.onProgress?.(last);
  }
  for (let i = 0; i < ids.length; i += 1000) {
    await store.projects.refreshCounts(ids.slice(i, i + 1000));
  }
  return {
    projects: ids.length,
    componentRows: rows,
    findings,
    ms: performance.now() - started,
    hot: { key: m.hot.key, advisory: m.hotAdvisory, projects: hotProjects },
  };
}
