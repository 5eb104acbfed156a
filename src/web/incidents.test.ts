// The incident pages end to end in Debian's Chromium: a real server (the dashboard fixture, with the incident
// automation running as `bulwark serve` runs it) holding guac's go.mod with x/net and grpc moved back to
// versions HTTP/2 rapid reset (CVE-2023-44487) affects. An admin opens an incident from the dashboard, sets a
// project's status, and follows the project to fixed once a later snapshot without the vulnerable versions is
// uploaded; the report links serve escaped, self-contained documents; nothing leaves the origin.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { inventory, inventoryToJson } from "../inventory/index.js";
import { useBrowser } from "../testing/browser.js";
import { corpusPath } from "../testing/corpus.js";
import { buildDashboard, type DashboardServer, startDashboardServer } from "../testing/dashboard-fixture.js";
import { guacWithRapidReset } from "../testing/prioritise-fixtures.js";

const browser = useBrowser();
let dir: string;
let server: DashboardServer;
let fixedGuac: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bulwark-incidents-web-"));
  await buildDashboard(join(dir, "web"));
  server = await startDashboardServer({ webRoot: join(dir, "web"), projects: {}, incidentAutomation: true });
  const vulnerable = JSON.stringify(inventoryToJson(await inventory([guacWithRapidReset(dir)])));
  fixedGuac = JSON.stringify(inventoryToJson(await inventory([corpusPath("projects", "guac")])));
  for (const project of ["payments/guac", "platform/guac"])
    assert.equal((await server.upload(project, vulnerable)).status, 201);
});
after(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const row = (project: string, status: string) => `tr[data-project="${project}"][data-status="${status}"]`;

describe("incidents in the dashboard", () => {
  test("open an incident, set a status, and follow a project to fixed by uploading a later snapshot", async () => {
    const p = await browser().newPage({ width: 1280, height: 900 });
    try {
      await p.goto(`${server.url}/`);
      await p.page.fill("#api-key", server.keys.admin);
      await p.page.click("button[type=submit]");
      await p.page.waitForSelector('[data-page="portfolio"][data-ready]', { timeout: 10_000 });

      await p.goto(`${server.url}/incidents?vulnerability=CVE-2023-44487`);
      await p.page.waitForSelector('[data-page="incidents"][data-ready]', { timeout: 10_000 });
      await p.page.fill("#incident-owner", "payments-team");
      await p.page.click("text=Open incident");
      await p.page.waitForSelector('[data-page="incident"][data-ready]', { timeout: 10_000 });
      await p.page.waitForSelector(row("payments/guac", "affected"), { timeout: 10_000 });
      await p.page.waitForSelector(row("platform/guac", "affected"), { timeout: 10_000 });
      const packages = await p.page.textContent(`tr[data-project="payments/guac"] td.mono`);
      assert.match(packages ?? "", /golang\.org\/x\/net/);
      assert.match(packages ?? "", /google\.golang\.org\/grpc/);

      await p.page.selectOption("#status-payments-guac", "fixing");
      await p.page.waitForSelector(row("payments/guac", "fixing"), { timeout: 10_000 });
      // not affected asks for a VEX justification before saving
      await p.page.selectOption("#status-platform-guac", "not_affected");
      await p.page.selectOption("#status-platform-guac-why", "vulnerable_code_not_in_execute_path");
      await p.page.click('tr[data-project="platform/guac"] button:has-text("Save")');
      await p.page.waitForSelector(row("platform/guac", "not_affected"), { timeout: 10_000 });

      // a later snapshot without the vulnerable versions: the automation moves the project to fixed
      assert.equal((await server.upload("payments/guac", fixedGuac)).status, 201);
      for (let i = 0; i < 40; i++) {
        await p.page.reload();
        await p.page.waitForSelector('[data-page="incident"][data-ready]', { timeout: 10_000 });
        if (await p.page.$(row("payments/guac", "fixed"))) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      await p.page.waitForSelector(row("payments/guac", "fixed"), { timeout: 1000 });
      const timeline = await p.page.textContent("ol.timeline");
      assert.match(timeline ?? "", /fixed by upload/i);
      const stats = await p.page.textContent('[aria-label="Summary"]');
      assert.match(stats ?? "", /time to contain/i);
      assert.doesNotMatch(stats ?? "", /time to contain\s*—/i);

      const report = await p.evaluate<string>(
        `fetch(document.querySelector('a[download$=".html"]').href).then((r) => r.text())`,
      );
      assert.match(report, /payments\/guac/);
      assert.doesNotMatch(report, /<script|src=/);

      await p.page.click("text=Close incident");
      await p.page.waitForSelector('[data-incident-status="closed"]', { timeout: 10_000 });
      assert.deepEqual(p.offOriginRequests, []);
      assert.deepEqual(
        p.consoleErrors.filter((e) => !/status of 404/.test(e)),
        [],
      );
    } finally {
      await p.close();
    }
  });
});
