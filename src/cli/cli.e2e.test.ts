import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CLI_BIN, corpusPath } from "../testing/corpus.js";

// End-to-end on the built CLI (`npm run build` first): what every command shares — the -o check, terminal
// escaping of untrusted text, error and debug output.
const tmp = mkdtempSync(join(tmpdir(), "bulwark-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function bulwark(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", BULWARK_DB: join(tmp, "none.db") };
  delete env.BULWARK_DEBUG;
  delete env.COLUMNS;
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: tmp,
    env: { ...env, ...extraEnv },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("-o into a folder that cannot take the file: a usage error naming the path, on every command", () => {
  const missing = join(tmp, "no", "such", "folder");
  const out = join(missing, "out.json");
  const some = corpusPath("lockfiles", "golang", "gomod", "replace-not-required.mod");
  const commands: [string, string[]][] = [
    ["scan", ["scan", some]],
    ["inventory", ["inventory", some]],
    ["sbom", ["sbom", some]],
    ["risk", ["risk", tmp]],
    ["query", ["query", "pkg:pypi/django@3.2.0"]],
    ["verify bundle", ["verify", "bundle", some]],
    ["verify npm", ["verify", "npm", some, "--attestations", some]],
    ["verify registry-signature", ["verify", "registry-signature", some]],
    ["sign", ["sign", some, "--key", some]],
    [
      "attest",
      ["attest", some, "--key", some, "--predicate-type", "https://x.example/v1", "--predicate", some],
    ],
    [
      "provenance",
      ["provenance", some, "--builder-id", "b", "--source-uri", "git+https://x.example/r", "--unsigned"],
    ],
    ["keys generate", ["keys", "generate"]],
  ];
  for (const [name, args] of commands) {
    it(name, () => {
      const r = bulwark([...args, "-o", out]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(
        r.stderr.split("\n")[0],
        `bulwark: cannot write ${out}: the folder ${missing} does not exist`,
      );
      assert.ok(!r.stderr.includes("unexpected error"));
      assert.equal(r.stdout, "");
    });
  }

  it("a file where a folder should be, and a folder where the file should be", () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "");
    const underFile = bulwark(["inventory", some, "-o", join(file, "out.txt")]);
    assert.equal(underFile.code, 2);
    assert.equal(
      underFile.stderr.split("\n")[0],
      `bulwark: cannot write ${join(file, "out.txt")}: ${file} is not a folder`,
    );
    const folder = bulwark(["inventory", some, "-o", tmp]);
    assert.equal(folder.code, 2);
    assert.equal(folder.stderr.split("\n")[0], `bulwark: cannot write ${tmp}: it is a folder`);
  });

  it("-o - is standard output", () => {
    const r = bulwark(["inventory", "--lockfile", `go.mod:${some}`, "-f", "json", "-o", "-"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout).packages.length > 0);
  });
});

describe("untrusted text reaches the terminal escaped", () => {
  // A real yarn.lock fixture whose first package name carries an escape sequence (set the terminal's
  // title, then clear the screen) and a right-to-left override.
  const hostile = "balanced-match\u001b]0;owned\u0007\u001b[2J\u202e";
  const project = join(tmp, "hostile");
  mkdirSync(project, { recursive: true });
  const lock = readFileSync(corpusPath("lockfiles", "javascript", "yarnlock", "one-package.v1.lock"), "utf8");
  writeFileSync(join(project, "yarn.lock"), lock.replace("balanced-match@", `${hostile}@`));

  it("inventory table: names shown with their control characters escaped", () => {
    const r = bulwark(["inventory", project]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!RAW_CONTROL.test(r.stdout), JSON.stringify(r.stdout));
    assert.ok(r.stdout.includes("balanced-match\\x1b]0;owned\\x07\\x1b[2J\\u202e"), r.stdout);
  });

  it("an error message that quotes a file's content, and commander's own errors", () => {
    const gomod = join(tmp, "hostile.mod");
    writeFileSync(gomod, "\u001b[2J\u001b]0;owned\u0007module x\n");
    const r = bulwark(["inventory", "--lockfile", `go.mod:${gomod}`]);
    assert.equal(r.code, 2);
    assert.ok(!RAW_CONTROL.test(r.stderr), JSON.stringify(r.stderr));
    assert.match(r.stderr, /\\x1b\[2J/);
    const option = bulwark(["scan", "--\u001b[31mred"]);
    assert.equal(option.code, 2);
    assert.ok(!RAW_CONTROL.test(option.stderr), JSON.stringify(option.stderr));
    assert.match(option.stderr, /unknown option '--\\x1b\[31mred'/);
  });
});

describe("errors for people; BULWARK_DEBUG adds the stack trace apart from the message", () => {
  const broken = join(tmp, "broken.mod");
  writeFileSync(broken, "{ not a go.mod\n");
  const args = ["inventory", "--lockfile", `go.mod:${broken}`];

  it("without BULWARK_DEBUG: the message and its hint, no stack", () => {
    const r = bulwark(args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^bulwark: cannot read broken\.mod:1: go\.mod: .*\n {2}\S/);
    assert.ok(!/\bat /.test(r.stderr), r.stderr);
  });

  it("with BULWARK_DEBUG=1: message and hint first, then a blank line, a heading and the indented stack", () => {
    const r = bulwark(args, { BULWARK_DEBUG: "1" });
    assert.equal(r.code, 2);
    const [message, debug] = r.stderr.split("\n\n");
    assert.match(message!, /^bulwark: cannot read broken\.mod:1: go\.mod: [^\n]*\n {2}\S[^\n]*$/);
    const lines = debug!.trimEnd().split("\n");
    assert.equal(lines[0], "debug (BULWARK_DEBUG): code PARSE_FAILED");
    assert.ok(
      lines.slice(1).every((l) => l.startsWith("  ")),
      debug,
    );
    assert.ok(
      lines.some((l) => /^ {4,}at /.test(l)),
      "a stack trace",
    );
  });
});

describe("commands return their exit code", () => {
  // The Sigstore conformance suite's signature-mismatch case, verified with -f json: a rejection is
  // written as JSON on standard output and exits 1 (returned by the action, not a process-wide flag).
  const conformance = corpusPath("signing", "sigstore-conformance", "bundle-verify");
  const identity = [
    "--certificate-identity",
    "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
    "--certificate-oidc-issuer",
    "https://token.actions.githubusercontent.com",
  ];
  const verify = (bundleCase: string, ...more: string[]) =>
    bulwark([
      "verify",
      "bundle",
      join(conformance, bundleCase, "bundle.sigstore.json"),
      join(conformance, "a.txt"),
      ...identity,
      "-f",
      "json",
      ...more,
    ]);

  it("verify -f json: 0 verified, 1 rejected with the rejection as JSON (also into -o FILE)", () => {
    assert.equal(verify("happy-path-v0.3").code, 0);
    const rejected = verify("signature-mismatch_fail");
    assert.equal(rejected.code, 1, rejected.stderr);
    assert.equal(JSON.parse(rejected.stdout).verified, false);
    const out = join(tmp, "rejection.json");
    const toFile = verify("signature-mismatch_fail", "-o", out);
    assert.equal(toFile.code, 1);
    assert.equal(JSON.parse(readFileSync(out, "utf8")).verified, false);
  });
});
