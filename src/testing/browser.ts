// Browser tests in Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work
// on a closed network; `npm test` runs scripts/ensure-chromium.mjs first). One browser per test file; each test
// takes pages from it. Every page records its console errors and uncaught exceptions, and every request that
// tries to leave the origins it was opened on (those are blocked, never sent).
import { after, before } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Chromium flags for tests: headless without a sandbox or GPU, and without the background services that try
 * to reach Google (this machine's closed network refuses them, which would only add noise and delays).
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A page that keeps what a test must check besides the page itself. */
export interface ObservedPage {
  page: Page;
  /** Console errors (CSP violations included) and uncaught exceptions, in order. */
  consoleErrors: string[];
  /** URLs of requests that tried to leave the origins the page was opened on (they were blocked). */
  offOriginRequests: string[];
  /** Opens a URL; its origin becomes one the page may load from (a file: URL allows file: loads). */
  goto(url: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page (a string: the project's types have no DOM). */
  evaluate<T>(expression: string): Promise<T>;
  /**
   * Waits until an expression is truthy in the page, polling from the test side: Playwright's own
   * waitForFunction evaluates strings with eval, which a page under a strict CSP refuses.
   */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A launched browser handing out observed pages. */
export interface BrowserSession {
  browser: Browser;
  /** A new page in its own context, with a viewport of the given size (default 1280 × 800). */
  newPage(viewport?: { width: number; height?: number }): Promise<ObservedPage>;
  close(): Promise<void>;
}

/** The part of a URL that decides whether a request stays home: its origin, or the scheme for file: URLs. */
function originKey(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === "file:" ? "file:" : u.origin;
  } catch {
    return url;
  }
}

/** URLs that never reach the network. */
const LOCAL_SCHEMES = new Set(["data:", "blob:", "about:"]);

/** Launches Chromium from CHROMIUM_PATH; throws with what to do when it is missing. */
export async function launchBrowser(): Promise<BrowserSession> {
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  } catch (error) {
    throw new Error(
      `cannot start Chromium at ${CHROMIUM_PATH} (run \`node scripts/ensure-chromium.mjs\` as root to install Debian's chromium): ${(error as Error).message}`,
    );
  }
  return {
    browser,
    async newPage(viewport = { width: 1280 }) {
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height ?? 800 },
        serviceWorkers: "block",
      });
      const page = await context.newPage();
      const allowed = new Set<string>();
      const consoleErrors: string[] = [];
      const offOriginRequests: string[] = [];
      const stays = (url: string) => {
        const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase() ?? "";
        return LOCAL_SCHEMES.has(scheme) || allowed.has(originKey(url));
      };
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(m.text());
      });
      page.on("pageerror", (err) => consoleErrors.push(`uncaught: ${err.message}`));
      page.on("request", (r) => {
        if (!stays(r.url())) offOriginRequests.push(r.url());
      });
      page.on("websocket", (ws) => offOriginRequests.push(ws.url()));
      // Blocks what the request event records: nothing leaves the machine, whatever the page tries.
      await context.route("**/*", (route) =>
        stays(route.request().url()) ? route.continue() : route.abort(),
      );
      return {
        page,
        consoleErrors,
        offOriginRequests,
        async goto(url: string) {
          allowed.add(originKey(url));
          await page.goto(url, { waitUntil: "load" });
        },
        evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
        async waitFor(expression: string, timeoutMs = 5000) {
          const deadline = Date.now() + timeoutMs;
          while (!(await page.evaluate(expression))) {
            if (Date.now() > deadline)
              throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/**
 * For node:test files: launches one browser before the file's tests and closes it after them. Returns the
 * session's getter (valid inside tests).
 */
export function useBrowser(): () => BrowserSession {
  let session: BrowserSession | undefined;
  before(async () => {
    session = await launchBrowser();
  });
  after(async () => {
    await session?.close();
  });
  return () => {
    if (!session) throw new Error("the browser is not launched yet: use it inside a test");
    return session;
  };
}
