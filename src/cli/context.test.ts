import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hasCode } from "../model/errors.js";
import { CliContext, settingsFrom, type TerminalStream } from "./context.js";

/** A stream that keeps what is written, as a terminal of the given width or as a pipe. */
function capture(tty?: { columns: number }): TerminalStream & { text(): string } {
  const chunks: string[] = [];
  return {
    write: (text: string) => chunks.push(text),
    isTTY: tty !== undefined,
    columns: tty?.columns,
    text: () => chunks.join(""),
  };
}

function context(env: NodeJS.ProcessEnv, stdout = capture(), stderr = capture(), now?: () => Date) {
  return new CliContext({ env, stdout, stderr, now });
}

describe("CliContext: the environment read once", () => {
  test("settings: trimmed values, empty ones absent, NO_COLOR and BULWARK_DEBUG as switches", () => {
    assert.deepEqual(
      settingsFrom({
        BULWARK_DB: " /data/a.db ",
        BULWARK_OSV_BASE_URL: "https://mirror.example/osv",
        BULWARK_TRUST_DIR: "",
        SOURCE_DATE_EPOCH: "1767225600",
        NO_COLOR: "1",
        BULWARK_DEBUG: "0",
        SIGSTORE_ID_TOKEN: "token",
        COLUMNS: "abc",
      }),
      {
        db: "/data/a.db",
        osvBaseUrl: "https://mirror.example/osv",
        trustDir: undefined,
        sourceDateEpoch: "1767225600",
        noColor: true,
        debug: false,
        apiKey: undefined,
        sigstoreIdToken: "token",
        databaseUrl: undefined,
        corpus: undefined,
        columns: undefined,
      },
    );
    assert.equal(
      settingsFrom({ NO_COLOR: "" }).noColor,
      false,
      "no-color.org: an empty NO_COLOR does not count",
    );
    assert.equal(settingsFrom({ BULWARK_DEBUG: "1", COLUMNS: "132" }).debug, true);
    assert.equal(settingsFrom({ COLUMNS: "132" }).columns, 132);
  });

  test("the environment is a copy: later changes to the process's do not reach the run", () => {
    const env: NodeJS.ProcessEnv = { BULWARK_DB: "a.db" };
    const ctx = context(env);
    env.BULWARK_DB = "b.db";
    assert.equal(ctx.env.BULWARK_DB, "a.db");
    assert.equal(ctx.settings.db, "a.db");
    assert.throws(() => {
      (ctx.env as NodeJS.ProcessEnv).BULWARK_DB = "c.db";
    });
  });

  test("the clock is the one given", () => {
    const at = new Date("2026-01-05T00:00:00Z");
    assert.equal(context({}, capture(), capture(), () => at).now(), at);
  });

  test("SOURCE_DATE_EPOCH: a number of seconds dates documents, anything else is a usage error", async () => {
    assert.deepEqual(await context({ SOURCE_DATE_EPOCH: "1767225600" }).dating(), {
      sourceDateEpoch: 1767225600,
    });
    assert.deepEqual(await context({}).dating(), {});
    await assert.rejects(context({ SOURCE_DATE_EPOCH: "yesterday" }).dating(), (e) => hasCode(e, "USAGE"));
  });

  test("the trust store and the HTTP client are made once per run", async () => {
    const ctx = context({ BULWARK_TRUST_DIR: "/nonexistent/trust" });
    assert.equal(await ctx.trustStore(), await ctx.trustStore());
    assert.equal(await ctx.http(), await ctx.http());
    assert.equal(await ctx.trustDir(), "/nonexistent/trust");
  });
});

describe("CliContext: terminal decisions", () => {
  test("colour: only to a terminal, never to a file, never with NO_COLOR", () => {
    const tty = capture({ columns: 100 });
    assert.equal(context({}, tty).color(), true);
    assert.equal(context({}, tty).color("-"), true);
    assert.equal(context({}, tty).color("report.txt"), false);
    assert.equal(context({ NO_COLOR: "1" }, tty).color(), false);
    assert.equal(context({}, capture()).color(), false);
  });

  test("table width: the terminal's, COLUMNS over it, none for files, pipes and --wide", () => {
    const tty = capture({ columns: 100 });
    assert.equal(context({}, tty).tableWidth(undefined, false), 100);
    assert.equal(context({ COLUMNS: "72" }, tty).tableWidth(undefined, false), 72);
    assert.equal(context({}, tty).tableWidth(undefined, true), undefined, "--wide");
    assert.equal(context({}, tty).tableWidth("table.txt", false), undefined, "a file");
    assert.equal(context({}, capture()).tableWidth(undefined, false), undefined, "a pipe");
    assert.equal(context({ COLUMNS: "72" }, capture()).tableWidth(undefined, false), 72, "COLUMNS asked");
    assert.equal(context({ COLUMNS: "72" }, capture()).tableWidth("-", true), undefined);
  });

  test("progress: on a terminal after half a second of work, never on a pipe", () => {
    let ms = 0;
    const clock = () => new Date(Date.UTC(2026, 0, 1) + ms);
    const terminal = capture({ columns: 80 });
    const progress = context({}, capture(), terminal, clock).progress("reading files");
    progress.update(1, 10);
    assert.equal(terminal.text(), "", "nothing in the first half second");
    ms = 600;
    progress.update(5, 10);
    progress.done();
    assert.match(terminal.text(), /^\rreading files \[#+ +\] 50% \n$/);

    const pipe = capture();
    const quiet = context({}, capture(), pipe, clock).progress("reading files");
    ms = 0;
    quiet.update(1, 10);
    ms = 5000;
    quiet.update(10, 10);
    quiet.done();
    assert.equal(pipe.text(), "");
  });
});
