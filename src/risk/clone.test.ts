// Cloning a URL: against a real git server over smart HTTP on 127.0.0.1 (git http-backend), no network.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { hasCode } from "../model/errors.js";
import type { Resolver } from "../net/policy.js";
import {
  addHistory,
  type GitHttpServer,
  makeRepo,
  serveGitOverHttp,
  tempDir,
} from "../testing/risk-fixtures.js";
import { assessRisk } from "./assess.js";
import { cloneRepository, isGitUrl } from "./clone.js";

const NOW = new Date("2026-06-01T00:00:00Z");
// The test server is on a private address: only a policy allowing http and private addresses reaches it.
const LOCAL = { allowHttp: true, allowPrivate: true };
/** `git.test` resolves to the test server; git itself could not resolve it, so a clone proves the pin. */
const resolver: Resolver = async (host) => (host === "git.test" ? [{ address: "127.0.0.1", family: 4 }] : []);
const env = { ...process.env, no_proxy: "*", GIT_CONFIG_NOSYSTEM: "1" };

let server: GitHttpServer;
/** The origin repository's folder, and its name: the server serves it at `/<name>`. */
let origin: string;
let served: string;

before(async () => {
  origin = makeRepo({ "README.md": { text: "hello\n" } });
  addHistory(origin, [{ date: "2026-05-01T00:00:00Z" }, { date: "2026-05-20T00:00:00Z" }]);
  served = basename(origin);
  server = await serveGitOverHttp(dirname(origin), { "/moved/": "/" });
});
after(() => server.close());

function expectCode(code: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(hasCode(error, code as never), `expected ${code}, got ${String(error)}`);
    if (message) assert.match((error as Error).message, message);
    return true;
  };
}

describe("cloneRepository", () => {
  it("clones into a temporary folder of its own per run; removing one leaves the other", async () => {
    const root = tempDir("bulwark-clones-");
    const url = `http://git.test:${server.port}/${served}`;
    const options = { env, policy: LOCAL, resolver, tempRoot: root };
    const first = await cloneRepository(url, options);
    const second = await cloneRepository(url, options);
    assert.notEqual(first.path, second.path);
    assert.ok(first.path.startsWith(root) && second.path.startsWith(root));
    assert.ok(existsSync(join(first.path, "README.md")));
    await first.remove();
    assert.ok(!existsSync(first.path));
    assert.ok(existsSync(join(second.path, "README.md")));
    const report = await assessRisk({ path: second.path, url: second.url, now: NOW, checks: ["Maintained"] });
    assert.equal(report.repo.shallow, true);
    assert.equal(report.checks[0].reason, "shallow clone: history incomplete");
    await second.remove();
    assert.deepEqual(readdirSync(root), []);
  });
  it("refuses everything but https before contacting anyone, and leaves no folder behind", async () => {
    const root = tempDir("bulwark-clones-");
    const before = server.requests.length;
    const refused: [string, object, RegExp][] = [
      [`file://${origin}`, LOCAL, /scheme "file" is not allowed/],
      ["ext::sh -c touch% /tmp/bulwark-pwned", LOCAL, /transport::address/],
      ["ssh://git@example.org/org/repo.git", LOCAL, /scheme "ssh" is not allowed/],
      ["git://example.org/org/repo.git", LOCAL, /scheme "git" is not allowed/],
      ["git@example.org:org/repo.git", LOCAL, /an SSH address/],
      ["--upload-pack=touch /tmp/bulwark-pwned", LOCAL, /not a valid absolute URL/],
      [`http://127.0.0.1:${server.port}/${served}`, {}, /scheme "http" is not allowed \(https only\)/],
      [
        `http://127.0.0.1:${server.port}/${served}`,
        { allowHttp: true },
        /127\.0\.0\.1 is a loopback address/,
      ],
      [`http://git.test:${server.port}/${served}`, { allowHttp: true }, /git\.test resolves to 127\.0\.0\.1/],
      ["https://localhost/org/repo.git", {}, /loopback name/],
      ["https://169.254.169.254/latest/meta-data", {}, /link-local/],
    ];
    for (const [url, policy, message] of refused) {
      await assert.rejects(
        cloneRepository(url, { env, policy, resolver, tempRoot: root }),
        expectCode("NETWORK_REFUSED", message),
        url,
      );
    }
    assert.equal(server.requests.length, before);
    assert.deepEqual(readdirSync(root), []);
  });
  it("does not follow redirects (git would follow them to hosts nobody checked)", async () => {
    const root = tempDir("bulwark-clones-");
    const before = server.requests.length;
    await assert.rejects(
      cloneRepository(`http://git.test:${server.port}/moved/${served}`, {
        env,
        policy: LOCAL,
        resolver,
        tempRoot: root,
      }),
      expectCode("RISK_INPUT", /cannot clone http:\/\/git\.test:\d+\/moved\//),
    );
    const asked = server.requests.slice(before);
    assert.ok(asked.length > 0 && asked.every((p) => p.startsWith("/moved/")), asked.join(", "));
    assert.deepEqual(readdirSync(root), []);
  });
  it("a repository that does not exist is RISK_INPUT naming the URL with credentials masked", async () => {
    const root = tempDir("bulwark-clones-");
    await assert.rejects(
      cloneRepository(`http://user:secret@git.test:${server.port}/missing`, {
        env,
        policy: LOCAL,
        resolver,
        tempRoot: root,
      }),
      (error: unknown) => {
        expectCode("RISK_INPUT", /cannot clone http:\/\/\*\*\*@git\.test:\d+\/missing/)(error);
        assert.doesNotMatch((error as Error).message, /secret/);
        return true;
      },
    );
    assert.deepEqual(readdirSync(root), []);
  });
  it("a cancelled clone is ABORTED and removed", async () => {
    const root = tempDir("bulwark-clones-");
    await assert.rejects(
      cloneRepository(`http://git.test:${server.port}/${served}`, {
        env,
        policy: LOCAL,
        resolver,
        tempRoot: root,
        signal: AbortSignal.abort(),
      }),
      expectCode("ABORTED"),
    );
    assert.deepEqual(readdirSync(root), []);
  });
  it("isGitUrl recognises every remote form (so each is refused with a reason, not looked up as a folder)", () => {
    for (const t of ["https://h/r", "file:///r", "ssh://h/r", "git@h:r", "ext::sh -c x", "fd::17"])
      assert.ok(isGitUrl(t), t);
    for (const t of ["./r", "r", "/abs/r", "C:\\r"]) assert.ok(!isGitUrl(t), t);
  });
});
