// The web dashboard at scale, measured in the real browser (Debian's Chromium through playwright-core): a SQLite
// portfolio seeded with 10,000 projects built from the corpus projects (bench/lib/portfolio-seed.ts), served by
// a real server on an ephemeral port. Measures
//   - the portfolio page: from navigation start to its data rendered (the `bulwark:ready:portfolio` mark), over
//     fresh loads, with first contentful paint and DOM interactive for context;
//   - the projects list: from a click on "Next" (each sort key), a search typed, a tag filter set, to the new
//     rows rendered (a MutationObserver on the table's list key, then the next animation frame).
// Targets (issue 13): portfolio interactive < 1 s; projects list pages and filters < 200 ms.
//
//   npm run bench -- web.ts
//   BENCH_PROJECTS=1000 BENCH_ROWS=50000 node --import tsx bench/web.ts
//
// Prints figures; never fails the build.
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openPortfolioStore } from "../src/store/portfolio/index.js";
import { launchBrowser, type ObservedPage } from "../src/testing/browser.js";
import { buildDashboard, startDashboardServer } from "../src/testing/dashboard-fixture.js";
import { seedPortfolio } from "./lib/portfolio-seed.js";
import { median } from "./lib/process-timing.js";

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const ROWS = Number(process.env.BENCH_ROWS ?? 500_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const fmt = (n: number) => `${n < 10 ? n.toFixed(1) : n.toFixed(0)} ms`;
const summary = (xs: number[]) =>
  `median ${fmt(median(xs))}, max ${fmt(Math.max(...xs))} (${xs.length} runs)`;

/** Runs an action in the page and answers how long until the projects table shows another list, painted. */
function timeTableChange(p: ObservedPage, action: string): Promise<number> {
  return p.evaluate<number>(`new Promise((resolve, reject) => {
    const key = () => document.querySelector("table.projects")?.dataset.pageKey;
    const before = key();
    const timer = setTimeout(() => reject(new Error("the list did not change in 5 s")), 5000);
    const observer = new MutationObserver(() => {
      if (key() === undefined || key() === before) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    });
    observer.observe(document.querySelector("main"), { subtree: true, childList: true, attributes: true });
    const t0 = performance.now();
    ${action};
  })`);
}

const setInput = (selector: string, value: string, event: "input" | "change") =>
  `(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.value = ${JSON.stringify(value)}; e.dispatchEvent(new Event(${JSON.stringify(event)}, { bubbles: true })); })()`;

async function main() {
  const dir = await mkdtemp(join(tmpdir(), "bulwark-bench-web-"));
  const store = await openPortfolioStore({ kind: "sqlite", path: join(dir, "portfolio.db") });
  try {
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()[0]!.toFixed(2)}, node ${process.version}`,
    );
    const seeded = await seedPortfolio(store, { projects: PROJECTS, componentRows: ROWS });
    console.log(
      `seeded ${seeded.projects} projects, ${seeded.componentRows} component rows, ${seeded.findings} findings in ${(seeded.ms / 1000).toFixed(1)} s`,
    );
    await buildDashboard(join(dir, "web"));
    const server = await startDashboardServer({
      webRoot: join(dir, "web"),
      store,
      projects: {},
      advisoryFolders: ["npm-ghsa"],
    });
    const browser = await launchBrowser();
    try {
      const p = await browser.newPage({ width: 1280, height: 900 });
      await p.goto(`${server.url}/`);
      await p.page.fill("#api-key", server.keys.admin);
      await p.page.click("button[type=submit]");
      await p.page.waitForSelector("[data-page=portfolio][data-ready]");

      // The portfolio page, loaded afresh (signed in, assets cached as a returning user has them).
      const ready: number[] = [];
      const fcp: number[] = [];
      const interactive: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await p.page.goto(`${server.url}/`, { waitUntil: "commit" });
        await p.page.waitForSelector("[data-page=portfolio][data-ready]");
        const t = await p.evaluate<{ ready: number; fcp?: number; interactive: number }>(`(() => {
          const nav = performance.getEntriesByType("navigation")[0];
          const paint = performance.getEntriesByName("first-contentful-paint")[0];
          return { ready: performance.getEntriesByName("bulwark:ready:portfolio")[0].startTime,
                   fcp: paint ? paint.startTime : undefined, interactive: nav.domInteractive };
        })()`);
        ready.push(t.ready);
        if (t.fcp !== undefined) fcp.push(t.fcp);
        interactive.push(t.interactive);
      }
      console.log(`portfolio page, navigation to data rendered: ${summary(ready)}`);
      console.log(`  first contentful paint ${summary(fcp)}; DOM interactive ${summary(interactive)}`);

      // The projects list: next pages under each sort, a search, a tag filter.
      await p.page.goto(`${server.url}/projects`);
      await p.page.waitForSelector("table.projects tbody tr");
      for (const sort of ["name", "lastUploadAt", "openFindings", "riskScore"]) {
        await timeTableChange(p, setInput("#project-sort", sort, "change"));
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++)
          times.push(
            await timeTableChange(p, `document.querySelector(".pager button:last-of-type").click()`),
          );
        console.log(`projects list, next page sorted by ${sort}: ${summary(times)}`);
      }
      const searches: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        searches.push(
          await timeTableChange(p, setInput("#project-search", `service-${17 + i * 101}`, "input")),
        );
        await timeTableChange(p, setInput("#project-search", "", "input"));
      }
      console.log(`projects list, search by name: ${summary(searches)}`);
      const tags: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        tags.push(await timeTableChange(p, setInput("#project-tag", `team-${i * 3}`, "change")));
        await timeTableChange(p, setInput("#project-tag", "", "change"));
      }
      console.log(`projects list, filter by tag: ${summary(tags)}`);
      const rows = await p.evaluate<number>(`document.querySelectorAll("table.projects tbody tr").length`);
      console.log(
        `  (${rows} rows a page; console errors: ${p.consoleErrors.filter((e) => !/404/.test(e)).length})`,
      );
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
