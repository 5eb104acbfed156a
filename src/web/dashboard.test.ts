// The dashboard end to end in Debian's Chromium: a real server (HTTP on an ephemeral port) loaded with the corpus
// projects and advisories, signed into with real keys. Every page at desktop and phone widths in both themes
// (axe-core: no serious or critical violation; nothing leaves the origin; no console error; screenshots in
// test-results/screenshots/), searching a CVE to its blast radius, triage changing the counts, a later upload
// fixing a project, roles and scopes, hostile advisory and upload text, keyboard use, a session that ends.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { OsvRecord } from "../model/osv.js";
import { type ObservedPage, useBrowser } from "../testing/browser.js";
import { REPO_ROOT } from "../testing/corpus.js";
import {
  buildDashboard,
  corpusRecord,
  type DashboardServer,
  startDashboardServer,
} from "../testing/dashboard-fixture.js";

const browser = useBrowser();
/** Where the tests leave a screenshot of every page (not committed; README and docs/web.md name it). */
const SCREENSHOTS = join(REPO_ROOT, "test-results", "screenshots");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** A real GitHub advisory for a package of dependency-track-frontend, its text replaced by markup and script. */
const HOSTILE_ID = "GHSA-wr3j-pwj9-hqq6";
const HOSTILE_SUMMARY = `<img src=x onerror="window.__xss='summary'">Path traversal`;
const HOSTILE_DETAILS = `<script>window.__xss='details'</script><b onmouseover="window.__xss='b'">bold?</b>`;
const HOSTILE_URL = "javascript:window.__xss='reference'";
const HOSTILE_PROJECT = `<svg onload="window.__xss='project'">`;

let dir: string;
let server: DashboardServer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bulwark-dashboard-"));
  await buildDashboard(join(dir, "web"));
  const record = await corpusRecord("npm-ghsa", `${HOSTILE_ID}.json`);
  const hostile: OsvRecord = {
    ...record,
    modified: new Date().toISOString(),
    summary: HOSTILE_SUMMARY,
    details: HOSTILE_DETAILS,
    references: [{ type: "WEB", url: HOSTILE_URL }, ...(record.references ?? [])],
  };
  server = await startDashboardServer({ webRoot: join(dir, "web"), extraAdvisories: [hostile] });
  await mkdir(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A page that also records every failed response (status and URL). */
async function newPage(width = 1280, height = 900): Promise<ObservedPage & { failed: string[] }> {
  const page = await browser().newPage({ width, height });
  const failed: string[] = [];
  page.page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  return Object.assign(page, { failed });
}

const ready = (p: ObservedPage, name: string) =>
  p.page.waitForSelector(`[data-page="${name}"][data-ready]`, { timeout: 10_000 });

async function open(p: ObservedPage, path: string, name: string, wait?: string) {
  await p.goto(`${server.url}${path}`);
  await ready(p, name);
  if (wait) await p.page.waitForSelector(wait, { timeout: 10_000 });
}

/** Signs in through the sign-in page. */
async function signIn(p: ObservedPage, key: string) {
  await p.goto(`${server.url}/`);
  await p.page.fill("#api-key", key);
  await p.page.click("button[type=submit]");
  await ready(p, "portfolio");
}

/** Serious and critical axe-core violations of the page as it is. */
async function axe(p: ObservedPage): Promise<string[]> {
  // evaluated by the test harness, outside the page's CSP (the page itself could not run it inline)
  await p.evaluate(`${AXE};0`);
  return p.evaluate<string[]>(`axe.run(document, { resultTypes: ["violations"] }).then((r) =>
    r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.impact + " " + v.id + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")))`);
}

/** Nothing left the origin, no request failed, and the console has nothing to say. */
function assertClean(p: ObservedPage & { failed: string[] }, where: string) {
  assert.deepEqual(p.offOriginRequests, [], `${where}: requests off the origin`);
  assert.deepEqual(p.failed, [], `${where}: failed requests`);
  assert.deepEqual(p.consoleErrors, [], `${where}: console errors`);
}

const FRONTEND = "/projects/web%2Fdependency-track-frontend";

const PAGES: {
  shot: string;
  path: string;
  name: string;
  wait?: string;
  prepare?: (p: ObservedPage) => Promise<void>;
}[] = [
  { shot: "portfolio", path: "/", name: "portfolio", wait: "table.projects tbody tr" },
  { shot: "projects", path: "/projects", name: "projects", wait: "table.projects tbody tr" },
  {
    shot: "project-findings",
    path: FRONTEND,
    name: "project",
    wait: "li.finding",
    // the first finding opened: its paths, fix, references and the triage form are checked too
    prepare: async (p) => {
      await p.page.click("li.finding details summary");
      await p.page.waitForSelector("li.finding form.triage");
    },
  },
  {
    shot: "project-components",
    path: `${FRONTEND}?tab=components`,
    name: "project",
    wait: "table.components tbody tr",
  },
  {
    shot: "project-snapshots",
    path: `${FRONTEND}?tab=snapshots`,
    name: "project",
    wait: "section[aria-labelledby=snapshots-h] tbody tr",
  },
  {
    shot: "vulnerability",
    path: "/vulnerabilities/CVE-2022-29078",
    name: "vulnerability",
    wait: "table.blast tbody tr",
  },
  { shot: "package", path: "/components?purl=pkg%3Anpm%2Fejs", name: "components", wait: "tbody tr" },
  { shot: "ranking", path: "/components/ranking", name: "ranking", wait: "tbody tr" },
  { shot: "incidents", path: "/incidents", name: "incidents" },
  { shot: "settings-keys", path: "/settings", name: "settings-keys", wait: "tbody tr" },
  { shot: "settings-audit", path: "/settings?tab=audit", name: "settings-audit", wait: "tbody tr" },
  { shot: "settings-notifications", path: "/settings?tab=notifications", name: "settings-notifications" },
  { shot: "settings-sla", path: "/settings?tab=sla", name: "settings-sla" },
  { shot: "not-found", path: "/no/such/page", name: "not-found" },
];

describe("signing in", () => {
  test("a wrong key is refused on the page; a right one opens the portfolio; the session cookie is out of the page's reach", async () => {
    const p = await newPage();
    await p.goto(`${server.url}/projects`);
    await p.page.waitForSelector("[data-page=sign-in]");
    await p.page.fill("#api-key", `bwk_${"x".repeat(43)}`);
    await p.page.click("button[type=submit]");
    await p.page.waitForSelector("#sign-in-error");
    assert.match((await p.page.textContent("#sign-in-error")) ?? "", /not valid/);
    await p.page.fill("#api-key", server.keys.auditor);
    await p.page.click("button[type=submit]");
    await ready(p, "projects"); // the page asked for, once signed in
    assert.equal(
      await p.evaluate<string>("document.cookie"),
      "",
      "HttpOnly: scripts cannot read the session",
    );
    const cookies = await p.page.context().cookies();
    const session = cookies.find((c) => c.name === "bulwark_session");
    assert.ok(session?.httpOnly);
    assert.equal(session?.sameSite, "Strict");
    assert.match((await p.page.textContent(".who-name")) ?? "", /^auditor-\w+ read$/);
    await p.page.click("text=Sign out");
    await p.page.waitForSelector("[data-page=sign-in]");
    assert.match((await p.page.textContent("main")) ?? "", /You are signed out/);
    await p.goto(`${server.url}/`);
    await p.page.waitForSelector("[data-page=sign-in]");
    // the wrong key's 401 was the point; nothing else failed
    assert.deepEqual(p.failed, [`401 ${server.url}/api/v1/session`]);
    assert.deepEqual(p.offOriginRequests, []);
    await p.close();
  });
});

describe("every page", () => {
  for (const [width, theme] of [
    [1280, "light"],
    [1280, "dark"],
    [390, "light"],
    [390, "dark"],
  ] as const) {
    test(`at ${width} px in the ${theme} theme: no serious or critical axe violation, nothing off the origin, no console error`, async () => {
      const p = await newPage(width, width < 600 ? 844 : 900);
      await p.goto(`${server.url}/`);
      await p.evaluate(`localStorage.setItem("bulwark.theme", "${theme}")`);
      await p.goto(`${server.url}/`);
      await p.page.waitForSelector("[data-page=sign-in]");
      assert.equal(await p.evaluate<string>("document.documentElement.dataset.theme"), theme);
      assert.deepEqual(await axe(p), [], "sign-in");
      await p.page.screenshot({ path: join(SCREENSHOTS, `sign-in-${width}-${theme}.png`) });
      await signIn(p, server.keys.admin);
      for (const page of PAGES) {
        await open(p, page.path, page.name, page.wait);
        await page.prepare?.(p);
        assert.deepEqual(await axe(p), [], page.shot);
        // nothing wider than the window: the page scrolls vertically only (wide tables scroll in their box)
        assert.ok(
          await p.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth"),
          `${page.shot}: wider than ${width} px`,
        );
        await p.page.screenshot({
          path: join(SCREENSHOTS, `${page.shot}-${width}-${theme}.png`),
          fullPage: true,
        });
      }
      assertClean(p, `${width} ${theme}`);
      await p.close();
    });
  }

  test("the theme toggle switches and remembers the theme", async () => {
    const p = await newPage();
    await signIn(p, server.keys.auditor);
    const before = await p.evaluate<string>("document.documentElement.dataset.theme");
    await p.page.click(".theme-toggle");
    const after = await p.evaluate<string>("document.documentElement.dataset.theme");
    assert.notEqual(after, before);
    assert.equal(await p.page.getAttribute(".theme-toggle", "aria-pressed"), String(after === "dark"));
    const background = await p.evaluate<string>("getComputedStyle(document.body).backgroundColor");
    await p.page.reload();
    await ready(p, "portfolio");
    assert.equal(await p.evaluate<string>("document.documentElement.dataset.theme"), after);
    assert.equal(await p.evaluate<string>("getComputedStyle(document.body).backgroundColor"), background);
    await p.close();
  });
});

describe("working with the portfolio", () => {
  test("search for a CVE, reach its blast radius, then the affected project", async () => {
    const p = await newPage();
    await signIn(p, server.keys.auditor);
    await p.page.fill("#global-search", "CVE-2022-29078");
    await p.page.press("#global-search", "Enter");
    await p.page.waitForSelector("[data-page=vulnerability][data-ready] table.blast tbody tr");
    assert.equal(await p.evaluate<string>("location.pathname"), "/vulnerabilities/CVE-2022-29078");
    assert.equal(await p.page.textContent("main h1"), "GHSA-phwq-j96m-2c2q");
    assert.match(
      (await p.page.textContent("main")) ?? "",
      /CVE-2022-29078 is an alias of GHSA-phwq-j96m-2c2q/,
    );
    const rows = await p.evaluate<{ project: string; state: string }[]>(
      `[...document.querySelectorAll("table.blast tbody tr")].map((r) => ({ project: r.dataset.project, state: r.querySelector(".state-label").textContent }))`,
    );
    assert.deepEqual(rows, [{ project: "web/dependency-track-frontend", state: "open" }]);
    assert.match((await p.page.textContent(".stats")) ?? "", /1projects affected now/);
    await p.page.click("table.blast tbody tr th a");
    await ready(p, "project");
    assert.equal(await p.page.textContent("main h1"), "web/dependency-track-frontend");
    // a package URL goes to the projects holding it
    await p.page.fill("#global-search", "pkg:npm/ejs");
    await p.page.press("#global-search", "Enter");
    await p.page.waitForSelector("[data-page=components][data-ready] tbody tr");
    assert.deepEqual(
      await p.evaluate<string[]>(
        `[...document.querySelectorAll("tbody tr")].map((r) => r.querySelector("th").textContent + " " + r.querySelector("td").textContent)`,
      ),
      ["web/dependency-track-frontend 2.7.4", "web/sigstore-js 3.1.10"],
    );
    assertClean(p, "search");
    await p.close();
  });

  test("the projects list searches, filters by tag, sorts and pages through the server's cursors", async () => {
    await server.app.inject({
      method: "PATCH",
      url: "/api/v1/projects/go%2Fguac",
      headers: { authorization: `Bearer ${server.keys.ci}`, "content-type": "application/json" },
      payload: JSON.stringify({ tags: ["internet-facing", "team-go"] }),
    });
    const p = await newPage();
    await signIn(p, server.keys.auditor);
    await open(p, "/projects", "projects", "table.projects tbody tr");
    const names = () =>
      p.evaluate<string[]>(
        `[...document.querySelectorAll("table.projects tbody th")].map((t) => t.textContent)`,
      );
    assert.equal((await names()).length, 7);
    assert.deepEqual((await names()).slice(0, 1), ["go/scorecard"], "riskiest first");
    await p.page.fill("#project-search", "track");
    await p.waitFor(`document.querySelectorAll("table.projects tbody th").length === 2`);
    assert.deepEqual((await names()).sort(), [
      "java/dependency-track-apiserver",
      "web/dependency-track-frontend",
    ]);
    assert.match(await p.evaluate<string>("location.search"), /q=track/);
    await p.page.fill("#project-search", "");
    await p.waitFor(`document.querySelectorAll("table.projects tbody th").length === 7`);
    await p.page.click("button.tag[aria-label='Filter by tag internet-facing']");
    await p.waitFor(`document.querySelectorAll("table.projects tbody th").length === 1`);
    assert.deepEqual(await names(), ["go/guac"]);
    await p.page.click("text=Clear tag");
    await p.waitFor(`document.querySelectorAll("table.projects tbody th").length === 7`);
    await p.page.selectOption("#project-sort", "name");
    await p.waitFor(`document.querySelector("table.projects tbody th").textContent === "go/guac"`);
    assert.deepEqual(await names(), [...(await names())].sort());
    assertClean(p, "projects");
    await p.close();
  });

  test("triage a finding: the form is there for a write key, and the project's counts change", async () => {
    const p = await newPage();
    await signIn(p, server.keys.ci);
    await open(p, FRONTEND, "project", "li.finding");
    const total = async () => Number(await p.page.textContent("[data-testid=open-total]"));
    const before = await total();
    const card = `li.finding[data-vulnerability="GHSA-76p3-8jx3-jpfq"]`;
    await p.page.click(`${card} details summary`);
    await p.page.selectOption(`${card} select[id$=-state]`, "not_affected");
    await p.page.selectOption(`${card} select[id$=-just]`, "code_not_reachable");
    await p.page.fill(`${card} textarea`, "loader-utils only runs at build time, on our own sources");
    await p.page.click(`${card} button[type=submit]`);
    await p.waitFor(
      `Number(document.querySelector("[data-testid=open-total]").textContent) === ${before - 1}`,
    );
    await p.waitFor(`!document.querySelector('${card}')`);
    await p.page.selectOption("#finding-state", "suppressed");
    await p.page.waitForSelector(`${card} .state-label`);
    assert.equal(await p.page.textContent(`${card} .state-label`), "suppressed");
    await p.page.click(`${card} details summary`);
    assert.match(
      (await p.page.textContent(`${card} .analysis`)) ?? "",
      /not affected \(code not reachable\) by ci/,
    );
    const audit = await server.store.audit.list({ action: "analysis.update" });
    assert.match(audit.items[0]!.keyName, /^ci-/);
    // the project's VEX, downloaded with the session, says so
    const [download] = await Promise.all([p.page.waitForEvent("download"), p.page.click("text=OpenVEX")]);
    const vex = JSON.parse(await readFile((await download.path())!, "utf8"));
    const statement = vex.statements.find(
      (s: { vulnerability: { name: string } }) => s.vulnerability.name === "GHSA-76p3-8jx3-jpfq",
    );
    assert.equal(statement.status, "not_affected");
    assertClean(p, "triage");
    await p.close();
  });

  test("a read key sees no triage controls; a scoped key sees only its projects, elsewhere as if they did not exist", async () => {
    const reader = await newPage();
    await signIn(reader, server.keys.auditor);
    await open(reader, FRONTEND, "project", "li.finding");
    await reader.page.click("li.finding details summary");
    await reader.page.waitForSelector("li.finding .finding-details .analysis");
    assert.equal(await reader.page.$$eval("form.triage", (f) => f.length), 0);
    assert.doesNotMatch((await reader.page.textContent("nav.main-nav")) ?? "", /Settings/);
    await reader.close();

    const scoped = await newPage();
    await signIn(scoped, server.keys.teamWeb);
    await open(scoped, "/projects", "projects", "table.projects tbody tr");
    assert.deepEqual(
      (
        await scoped.evaluate<string[]>(
          `[...document.querySelectorAll("table.projects tbody th")].map((t) => t.textContent)`,
        )
      ).sort(),
      ["web/dependency-track-frontend", "web/sigstore-js"],
    );
    await open(scoped, "/projects/go%2Fguac", "project");
    assert.match(
      (await scoped.page.textContent("main")) ?? "",
      /No project named “go\/guac”, or your key cannot see it/,
    );
    await scoped.close();
  });

  test("advisory and upload text is shown as text: markup stays visible, nothing executes, javascript: is no link", async () => {
    const description = `<img src=x onerror="window.__xss='description'"> our <b>main</b> app`;
    const up = await server.upload(HOSTILE_PROJECT, server.inventories["web/sigstore-js"]!);
    assert.equal(up.status, 201);
    const patched = await server.app.inject({
      method: "PATCH",
      url: `/api/v1/projects/${encodeURIComponent(HOSTILE_PROJECT)}`,
      headers: { authorization: `Bearer ${server.keys.ci}`, "content-type": "application/json" },
      payload: JSON.stringify({ description, tags: ["<script>window.__xss='tag'</script>"] }),
    });
    assert.equal(patched.statusCode, 200, patched.body);

    const p = await newPage();
    await signIn(p, server.keys.admin);
    await open(p, `/projects/${encodeURIComponent(HOSTILE_PROJECT)}`, "project");
    assert.equal(await p.page.textContent("main h1"), HOSTILE_PROJECT);
    assert.match((await p.page.textContent(".project-head")) ?? "", /<img src=x onerror=/);
    assert.match((await p.page.textContent(".project-head .tag")) ?? "", /^<script>/);
    await open(p, "/projects", "projects", "table.projects tbody tr");

    await open(p, FRONTEND, "project", `li.finding[data-vulnerability="${HOSTILE_ID}"]`);
    const card = `li.finding[data-vulnerability="${HOSTILE_ID}"]`;
    assert.equal(await p.page.textContent(`${card} .summary`), HOSTILE_SUMMARY);
    await p.page.click(`${card} details summary`);
    await p.page.waitForSelector(`${card} .refs`);
    assert.match((await p.page.textContent(`${card} .refs`)) ?? "", /javascript:window/);

    await open(p, `/vulnerabilities/${HOSTILE_ID}`, "vulnerability", "table.blast");
    assert.equal(await p.page.textContent(".details-text"), HOSTILE_DETAILS);
    await p.page.click("text=References");
    await p.page.hover(".details-text");

    for (const where of ["vulnerability"]) {
      assert.equal(await p.evaluate("window.__xss"), undefined, where);
      assert.equal(
        await p.evaluate<number>(
          `document.querySelectorAll("main img, main script, main svg, main b, a[href^='javascript:']").length`,
        ),
        0,
        where,
      );
    }
    assertClean(p, "hostile text");
    await p.close();
  });

  test("a later upload that upgrades the vulnerable package moves the project to fixed, with the snapshot diff saying why", async () => {
    const inventory = server.inventories["web/dependency-track-frontend"]!;
    const upgraded = inventory
      .replace('"name":"ejs","version":"2.7.4"', '"name":"ejs","version":"3.1.7"')
      .replaceAll("pkg:npm/ejs@2.7.4", "pkg:npm/ejs@3.1.7");
    assert.notEqual(upgraded, inventory);
    const up = await server.upload("web/dependency-track-frontend", upgraded);
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.ok((up.body as { findings: { fixed: number } }).findings.fixed >= 1);

    const p = await newPage();
    await signIn(p, server.keys.auditor);
    await open(p, "/vulnerabilities/CVE-2022-29078", "vulnerability", "table.blast tbody tr");
    const row = await p.evaluate<{ state: string; fixed: string }>(
      `(() => { const r = document.querySelector("table.blast tbody tr"); return { state: r.querySelector(".state-label").textContent, fixed: r.querySelectorAll("td")[4].textContent }; })()`,
    );
    assert.equal(row.state, "fixed");
    assert.notEqual(row.fixed, "—");
    assert.match((await p.page.textContent(".stats")) ?? "", /0projects affected now1projects fixed/);
    await open(p, `${FRONTEND}?tab=snapshots`, "project", ".diff");
    const diff = (await p.page.textContent(".diff")) ?? "";
    assert.match(diff, /ejs 2\.7\.4 → 3\.1\.7/);
    assert.match(diff, /Fixed findings/);
    assert.match(diff, /GHSA-phwq-j96m-2c2q/);
    assertClean(p, "fixed");
    await p.close();
  });
});

describe("keyboard and sessions", () => {
  test("the keyboard alone: sign in, skip to content, follow the menu, open a project; focus is always visible", async () => {
    const p = await newPage();
    await p.goto(`${server.url}/`);
    await p.page.waitForSelector("[data-page=sign-in]");
    assert.equal(await p.evaluate<string>("document.activeElement.id"), "api-key");
    await p.page.keyboard.type(server.keys.auditor);
    await p.page.keyboard.press("Enter");
    await ready(p, "portfolio");
    await p.page.keyboard.press("Tab");
    assert.equal(await p.evaluate<string>("document.activeElement.textContent"), "Skip to content");
    const outline = () => p.evaluate<string>("getComputedStyle(document.activeElement).outlineStyle");
    assert.notEqual(await outline(), "none");
    await p.page.keyboard.press("Enter");
    assert.equal(await p.evaluate<string>("document.activeElement.id"), "main");
    /** Tabs forward until the focused element matches, at most 60 times. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 60; i++) {
        if (await p.evaluate<boolean>(`document.activeElement.matches(${JSON.stringify(selector)})`)) return;
        await p.page.keyboard.press("Tab");
      }
      throw new Error(`no focusable ${selector}`);
    };
    await p.page.keyboard.press("Shift+Tab");
    await tabTo("nav.main-nav a[href='/projects']");
    assert.notEqual(await outline(), "none");
    await p.page.keyboard.press("Enter");
    await ready(p, "projects");
    await p.waitFor(`document.activeElement.tagName === "H1"`);
    await p.page.waitForSelector("table.projects tbody tr");
    await tabTo("table.projects tbody a");
    const name = await p.evaluate<string>("document.activeElement.textContent");
    await p.page.keyboard.press("Enter");
    await ready(p, "project");
    assert.equal(await p.page.textContent("main h1"), name);
    assertClean(p, "keyboard");
    await p.close();
  });

  test("when the key behind a session is revoked, the next request brings back the sign-in page, saying why", async () => {
    const created = await server.app.inject({
      method: "POST",
      url: "/api/v1/keys",
      headers: { authorization: `Bearer ${server.keys.admin}`, "content-type": "application/json" },
      payload: JSON.stringify({ name: "short-lived", role: "read" }),
    });
    const { id, key } = created.json();
    const p = await newPage();
    await signIn(p, key);
    await server.app.inject({
      method: "DELETE",
      url: `/api/v1/keys/${id}`,
      headers: { authorization: `Bearer ${server.keys.admin}` },
    });
    await p.page.click("nav.main-nav a[href='/projects']");
    await p.page.waitForSelector("[data-page=sign-in]");
    assert.match((await p.page.textContent("main")) ?? "", /Your session has ended/);
    await p.close();
  });
});
