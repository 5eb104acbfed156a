// The HTML report in a real browser (Debian's Chromium through playwright-core): layout at phone and desktop
// widths, sorting, filters, links, the empty report, and hostile advisory text. Timings are in
// bench/html-report.ts; tests assert behaviour only.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { compareVersions } from "../ecosystems/index.js";
import type { ScanResult } from "../model/finding.js";
import { findingFixes } from "../remediation/fixes.js";
import { scan } from "../scan/index.js";
import { type ObservedPage, useBrowser } from "../testing/browser.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { advisoryUrl } from "./advisory-url.js";
import { renderHtml } from "./html.js";

const browser = useBrowser();
let dir: string;
let db: CorpusAdvisories;
/** All seven corpus projects against every corpus OSV record (npm, Go, PyPI, Maven findings). */
let projects: ScanResult;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bulwark-html-"));
  db = await buildCorpusDatabase();
  projects = await scan(
    { paths: [corpusPath("projects")], now: new Date("2026-12-01T10:00:00.000Z") },
    db.reader,
  );
});
after(async () => {
  db.cleanup();
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
/** Writes the report to a file and opens it as a reader would (file: URL), at the given width. */
async function open(result: ScanResult, width = 1280): Promise<ObservedPage> {
  const file = join(dir, `report-${files++}.html`);
  await writeFile(file, renderHtml(result));
  const page = await browser().newPage({ width, height: 900 });
  await page.goto(pathToFileURL(file).href);
  await page.page.waitForSelector("html[data-ready]");
  return page;
}

/** Visible package articles, in page order: ecosystem, name, version. */
const visiblePackages = (p: ObservedPage) =>
  p.evaluate<{ ecosystem: string; name: string; version: string }[]>(
    `[...document.querySelectorAll("#packages > article.pkg:not([hidden])")].map((a) => ({
      ecosystem: a.querySelector(".tags .tag").textContent,
      name: a.querySelector(".pname").textContent,
      version: a.querySelector(".pver").textContent,
    }))`,
  );

/** Visible findings: id, severity index and whether they carry an applicable fix. */
const visibleFindings = (p: ObservedPage) =>
  p.evaluate<{ id: string; severity: string; fixable: boolean; direct: boolean }[]>(
    `[...document.querySelectorAll("#packages > article.pkg:not([hidden]) li.vuln:not([hidden])")].map((li) => ({
      id: li.querySelector(".vid").textContent,
      severity: li.getAttribute("data-s"),
      fixable: li.hasAttribute("data-x"),
      direct: li.closest("article").hasAttribute("data-d"),
    }))`,
  );

/** Opens every details element and finding's details, and waits until their text is in (it loads on demand). */
async function openAllDetails(p: ObservedPage): Promise<void> {
  await p.evaluate(`for (const d of document.querySelectorAll("details")) d.open = true;
    for (const b of document.querySelectorAll("button.more[aria-expanded=false]")) b.click();`);
  await p.waitFor(`!document.querySelector("button.more[data-a]")`);
}

/**
 * Elements that reach past the right edge of the window or whose content is wider than their box (cut off),
 * with every details open.
 */
async function overflowing(p: ObservedPage) {
  await openAllDetails(p);
  return p.evaluate<{ scrollWidth: number; innerWidth: number; offenders: string[] }>(
    `(() => {
      const offenders = [];
      for (const el of document.querySelectorAll("body *")) {
        const r = el.getBoundingClientRect();
        // Past the window, or wider inside than its own box (text cut off by a clipping ancestor).
        const cut = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
        if ((r.width > 0 && r.right > innerWidth + 0.5) || cut) offenders.push(el.tagName + "." + el.className + ": " + (el.textContent || "").slice(0, 60));
      }
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth, offenders: offenders.slice(0, 5) };
    })()`,
  );
}

describe("HTML report in Chromium", () => {
  it("loads with no console error, no request leaving the file, and every finding of the real scan", async () => {
    assert.ok(projects.findings.length > 100, `${projects.findings.length} findings`);
    const p = await open(projects);
    try {
      assert.deepEqual(p.consoleErrors, [], "the CSP hashes match the inline style and script");
      assert.deepEqual(p.offOriginRequests, []);
      assert.equal((await visibleFindings(p)).length, projects.findings.length);
      assert.equal(await p.evaluate("document.getElementById('filters').hidden"), false, "the script ran");
      const text = await p.evaluate<string>("document.body.innerText");
      const packages = new Set(projects.findings.map((f) => f.package.purl)).size;
      assert.ok(
        text.includes(
          `Showing all ${projects.findings.length} of ${projects.findings.length} findings, in ${packages} packages.`,
        ),
      );
      assert.match(text, /Scanned\s+2026-12-01 10:00 UTC/);
      assert.ok(text.includes(corpusPath("projects")), "targets");
      assert.match(text, /npm: [\d,]+ packages checked against [\d,]+ advisory records/);
    } finally {
      await p.close();
    }
  });

  for (const width of [1280, 1440, 390]) {
    it(`has no horizontal overflow at ${width} px, details open, even with unbroken hostile text`, async () => {
      const long: ScanResult = structuredClone(projects);
      const f = long.findings[0];
      assert.ok(f);
      // Derived from a real finding: text without a single break opportunity, and a very long URL.
      f.summary = `${f.summary} ${"A".repeat(400)}`;
      f.details = `${f.details ?? ""}\n${"x".repeat(2000)}`;
      f.references = [...f.references, { type: "WEB", url: `https://example.com/${"p/".repeat(300)}` }];
      const p = await open(long, width);
      try {
        const { scrollWidth, innerWidth, offenders } = await overflowing(p);
        assert.equal(innerWidth, width);
        assert.deepEqual(offenders, []);
        assert.ok(scrollWidth <= width, `page is ${scrollWidth} px wide in a ${width} px window`);
      } finally {
        await p.close();
      }
    });
  }

  it("sorts by version in each ecosystem's own order (Go 1.7.29 before 1.55.7), and by fix version", async () => {
    const p = await open(projects);
    try {
      await p.page.selectOption("#sort", "v");
      const rows = await visiblePackages(p);
      assert.equal(rows.length, new Set(projects.findings.map((f) => f.package.purl)).size);
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1], rows[i]] as [(typeof rows)[0], (typeof rows)[0]];
        if (a.ecosystem !== b.ecosystem) {
          assert.ok(a.ecosystem.localeCompare(b.ecosystem) < 0, `${a.ecosystem} before ${b.ecosystem}`);
          continue;
        }
        assert.ok(
          compareVersions(a.ecosystem, a.version, b.version) <= 0,
          `${a.version} before ${b.version}`,
        );
      }
      const go = rows.filter((r) => r.ecosystem === "Go").map((r) => r.version);
      assert.ok(go.indexOf("1.7.29") < go.indexOf("1.55.7"), go.join(" "));
      assert.ok(go.indexOf("1.7.29") >= 0 && go.indexOf("1.55.7") >= 0);

      await p.page.selectOption("#sort", "f");
      // The fix a package sorts by: its plan's upgrade, else the nearest fix of one of its findings (postcss
      // 7.0.39 has no plan — a record's unreadable `fixed` keeps it open — but GHSA-7fh5's 8.4.31 applies).
      const fixOf = new Map<string, string | undefined>();
      for (const r of projects.remediation) fixOf.set(`${r.package.name}@${r.package.version}`, r.fixVersion);
      for (const f of projects.findings) {
        const key = `${f.package.name}@${f.package.version}`;
        if (!fixOf.get(key)) fixOf.set(key, findingFixes(f).applicable[0]);
      }
      const fixes = (await visiblePackages(p)).map((r) => ({
        ...r,
        fix: fixOf.get(`${r.name}@${r.version}`),
      }));
      const firstWithout = fixes.findIndex((r) => r.fix === undefined);
      assert.ok(firstWithout > 0, "packages with a fix come first");
      assert.ok(
        fixes.slice(firstWithout).every((r) => r.fix === undefined),
        "then those without",
      );
      for (let i = 1; i < firstWithout; i++) {
        const [a, b] = [fixes[i - 1], fixes[i]] as [(typeof fixes)[0], (typeof fixes)[0]];
        if (a.ecosystem === b.ecosystem)
          assert.ok(compareVersions(a.ecosystem, a.fix ?? "", b.fix ?? "") <= 0, `${a.fix} before ${b.fix}`);
      }

      await p.page.selectOption("#sort", "s");
      const bySeverity = await p.evaluate<number[]>(
        `[...document.querySelectorAll("#packages > article.pkg")].map((a) => Number(a.getAttribute("data-s")))`,
      );
      assert.deepEqual(
        bySeverity,
        [...bySeverity].sort((a, b) => a - b),
      );
    } finally {
      await p.close();
    }
  });

  it("filters by severity, fixable, direct and search text, and says how many are shown", async () => {
    const p = await open(projects);
    try {
      const all = await visibleFindings(p);
      await p.page.uncheck('input[name="sev"][value="4"]');
      await p.waitFor(`!document.querySelector('li.vuln[data-s="4"]:not([hidden])')`);
      const known = await visibleFindings(p);
      assert.ok(known.length > 0 && known.length < all.length);
      assert.ok(known.every((f) => f.severity !== "4"));
      assert.equal(known.length, all.filter((f) => f.severity !== "4").length);
      await p.page.check('input[name="sev"][value="4"]');

      await p.page.check("#f-fixable");
      await p.waitFor(`!document.querySelector('li.vuln:not([data-x]):not([hidden])')`);
      const fixable = await visibleFindings(p);
      assert.equal(fixable.length, all.filter((f) => f.fixable).length);
      assert.ok(fixable.length < all.length, "some findings have no fix");
      await p.page.uncheck("#f-fixable");

      await p.page.check("#f-direct");
      await p.waitFor(`!document.querySelector('article.pkg:not([data-d]):not([hidden])')`);
      const direct = await visibleFindings(p);
      assert.ok(direct.length > 0 && direct.every((f) => f.direct));
      assert.equal(direct.length, all.filter((f) => f.direct).length);
      await p.page.uncheck("#f-direct");

      await p.page.fill("#search", "ghsa-phwq-j96m-2c2q");
      await p.waitFor(`document.querySelectorAll('li.vuln:not([hidden])').length === 1`);
      assert.deepEqual(
        (await visibleFindings(p)).map((f) => f.id),
        ["GHSA-phwq-j96m-2c2q"],
      );
      assert.match(
        await p.evaluate<string>("document.getElementById('shown').textContent"),
        /Showing 1 of [\d,]+ findings, in 1 package\./,
      );
      await p.page.fill("#search", "ejs");
      await p.waitFor(`document.querySelectorAll('li.vuln:not([hidden])').length === 2`);
      assert.deepEqual(
        (await visiblePackages(p)).map((r) => r.name),
        ["ejs"],
        "a package name matches all its findings",
      );
      await p.page.fill("#search", "no such thing anywhere");
      await p.waitFor(`document.getElementById('shown').textContent === 'No findings match these filters.'`);
      assert.deepEqual(await visiblePackages(p), []);
      assert.deepEqual(p.consoleErrors, []);
    } finally {
      await p.close();
    }
  });

  it("links every id and alias to its advisory's own page", async () => {
    const p = await open(projects);
    try {
      const links = await p.evaluate<{ id: string; href: string }[]>(
        `[...document.querySelectorAll("a.vid")].map((a) => ({ id: a.textContent, href: a.href }))`,
      );
      assert.equal(links.length, projects.findings.length);
      for (const l of links) assert.equal(l.href, advisoryUrl(l.id));
      const hrefs = new Set(links.map((l) => l.href));
      assert.ok(hrefs.has("https://github.com/advisories/GHSA-phwq-j96m-2c2q"));
      assert.ok([...hrefs].some((h) => /^https:\/\/pkg\.go\.dev\/vuln\/GO-\d{4}-\d+$/.test(h)));
      // A finding's details open on its button, and close again on a second press.
      const button = p.page.locator("button.more").first();
      await button.click();
      assert.equal(await button.getAttribute("aria-expanded"), "true");
      assert.equal(await p.evaluate(`document.querySelector(".more-body").hidden`), false);
      await button.click();
      assert.equal(await button.getAttribute("aria-expanded"), "false");
      assert.equal(await p.evaluate(`document.querySelector(".more-body").hidden`), true);
      await openAllDetails(p);
      const aliases = await p.evaluate<string[]>(
        `[...document.querySelectorAll("li.vuln .more-body a")].map((a) => a.href).filter((h) => h.includes("nvd.nist.gov"))`,
      );
      assert.ok(
        aliases.includes("https://nvd.nist.gov/vuln/detail/CVE-2022-29078"),
        "CVE aliases link to NVD",
      );
      // Links open in a new tab and send no referrer (the report may be a private file).
      assert.equal(await p.evaluate("document.querySelector('base').target"), "_blank");
      assert.equal(await p.evaluate("document.querySelector('meta[name=referrer]').content"), "no-referrer");
    } finally {
      await p.close();
    }
  });

  it("says so when nothing was found, and names the ecosystems it could not check", async () => {
    // osv.dev's poetry.lock against a database of Go records only: PyPI was not checked at all.
    const goOnly = await buildCorpusDatabase(["go"]);
    try {
      const result = await scan({ paths: [corpusPath("projects", "osv.dev")] }, goOnly.reader);
      assert.equal(result.findings.length, 0);
      assert.ok(result.coverage?.some((c) => c.ecosystem === "PyPI" && c.records === 0));
      const p = await open(result, 390);
      try {
        const text = await p.evaluate<string>("document.body.innerText");
        assert.match(text, /No known vulnerabilities were found in the [\d,]+ packages scanned\./);
        assert.match(text, /Not checked: PyPI \([\d,]+ packages\)/);
        assert.match(text, /PyPI: [\d,]+ packages not checked/);
        assert.equal(
          await p.evaluate("document.querySelector('#filters')"),
          null,
          "no controls over nothing",
        );
        assert.deepEqual(p.consoleErrors, []);
      } finally {
        await p.close();
      }
    } finally {
      goOnly.cleanup();
    }
  });

  it("executes nothing from advisory text: scripts, handlers and javascript: links stay inert text", async () => {
    const hostile: ScanResult = structuredClone(projects);
    const [a, b] = hostile.findings;
    assert.ok(a && b);
    a.summary = `<script>window.__pwned = 1</script><img src="https://evil.example/x.png" onerror="window.__pwned = 2">`;
    a.details = `</div></details></li></ul></article><script>window.__pwned = 3</script><svg onload="window.__pwned = 4"></svg>`;
    a.references = [{ type: "WEB", url: "javascript:window.__pwned = 5" }, ...a.references];
    a.aliases = [`"><img src=x onerror="window.__pwned = 6">`];
    b.package.name = `<iframe src="https://evil.example/"></iframe>`;
    b.fixed = [`"><script>window.__pwned = 7</script>`];
    const p = await open(hostile);
    try {
      await openAllDetails(p);
      for (const link of await p.page.$$("li.vuln .more-body a")) {
        const href = await link.getAttribute("href");
        assert.ok(href?.startsWith("https://") || href?.startsWith("http://"), href ?? "");
      }
      await p.page.waitForTimeout(100);
      assert.equal(await p.evaluate("window.__pwned"), undefined);
      assert.equal(await p.evaluate("document.querySelectorAll('img, iframe, svg script').length"), 0);
      assert.equal(await p.evaluate("document.querySelectorAll('svg').length"), 1, "only the chart");
      assert.equal(
        await p.evaluate(`document.querySelectorAll('script:not([type="text/html"])').length`),
        1,
        "only the report's own script (the others are inert text blocks)",
      );
      const text = await p.evaluate<string>("document.body.innerText");
      assert.ok(text.includes("<script>window.__pwned = 1</script>"), "shown as text");
      assert.deepEqual(p.offOriginRequests, []);
      assert.deepEqual(p.consoleErrors, []);
    } finally {
      await p.close();
    }
  });
});
