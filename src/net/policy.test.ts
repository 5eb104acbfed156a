import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasCode } from "../model/errors.js";
import { checkUrl, displayUrl, resolveChecked } from "./policy.js";

/** Asserts that `run` throws a Bulwark error with `code` whose message matches `message`. */
function assertCode(run: () => unknown, code: string, message?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(hasCode(error, code as never), `expected ${code}, got ${String(error)}`);
    if (message) assert.match((error as Error).message, message);
    return true;
  });
}

describe("checkUrl", () => {
  it("allows https to a public host by default", () => {
    assert.equal(checkUrl("https://osv.dev/list").hostname, "osv.dev");
    assert.equal(checkUrl("https://8.8.8.8/").hostname, "8.8.8.8");
  });
  it("refuses every other scheme; http only when allowed", () => {
    for (const url of [
      "http://osv.dev/",
      "file:///etc/passwd",
      "ftp://example.org/x",
      "ext::sh -c touch% /tmp/pwned",
      "ssh://git@example.org/r.git",
      "gopher://example.org/",
      "data:text/plain,x",
    ]) {
      assertCode(() => checkUrl(url), "NETWORK_REFUSED", /refused to contact|not a valid absolute URL/);
    }
    assertCode(
      () => checkUrl("http://osv.dev/"),
      "NETWORK_REFUSED",
      /scheme "http" is not allowed \(https only\)/,
    );
    assert.equal(checkUrl("http://osv.dev/", { allowHttp: true }).protocol, "http:");
    assertCode(() => checkUrl("file:///x", { allowHttp: true }), "NETWORK_REFUSED", /https and http only/);
  });
  it("refuses private, loopback and metadata addresses in every spelling unless allowed", () => {
    for (const url of [
      "https://127.0.0.1/",
      "https://2130706433/", // 127.0.0.1 as one number
      "https://0x7f.1/",
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://169.254.169.254/latest/meta-data/",
      "https://10.0.0.1/",
      "https://[fd00::1]/",
      "https://0.0.0.0/",
      "https://localhost/",
      "https://api.localhost/",
    ]) {
      assertCode(
        () => checkUrl(url),
        "NETWORK_REFUSED",
        /loopback|link-local|private|unique-local|unspecified/,
      );
      assert.ok(checkUrl(url, { allowPrivate: true }));
    }
  });
  it("allowedAddresses opens only the listed ranges", () => {
    const policy = { allowedAddresses: ["10.20.0.0/16"] };
    assert.ok(checkUrl("https://10.20.1.1/", policy));
    assertCode(
      () => checkUrl("https://10.21.1.1/", policy),
      "NETWORK_REFUSED",
      /10\.21\.1\.1 is a private address/,
    );
    assertCode(
      () => checkUrl("https://10.0.0.1/", { allowedAddresses: ["10.0.0.0/99"] }),
      "USAGE",
      /invalid prefix/,
    );
  });
  it("the host allow-list takes exact names, *.suffix and addresses", () => {
    const policy = { allowedHosts: ["osv-vulnerabilities.storage.googleapis.com", "*.npmjs.org", "8.8.8.8"] };
    assert.ok(checkUrl("https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip", policy));
    assert.ok(checkUrl("https://registry.npmjs.org/x", policy));
    assert.ok(checkUrl("https://REGISTRY.NPMJS.ORG./x", policy));
    assert.ok(checkUrl("https://8.8.8.8/", policy));
    assertCode(
      () => checkUrl("https://npmjs.org/", policy),
      "NETWORK_REFUSED",
      /npmjs\.org is not on the allowed-hosts list/,
    );
    assertCode(() => checkUrl("https://evil-npmjs.org/", policy), "NETWORK_REFUSED", /allowed-hosts/);
    assertCode(() => checkUrl("https://example.org/", policy), "NETWORK_REFUSED", /allowed-hosts/);
  });
  it("names the URL with credentials masked", () => {
    assertCode(
      () => checkUrl("http://user:secret@example.org/x"),
      "NETWORK_REFUSED",
      /http:\/\/\*\*\*@example\.org\/x/,
    );
    assert.equal(displayUrl("https://user:secret@example.org/x"), "https://***@example.org/x");
    assert.equal(displayUrl("git://user:secret@host"), "git://***@host");
    assert.doesNotMatch(displayUrl("not a url //user:secret@host"), /secret/);
  });
});

describe("resolveChecked", () => {
  const resolverOf = (answers: Record<string, string[]>) => async (host: string) =>
    (answers[host] ?? []).map((address) => ({ address, family: (address.includes(":") ? 6 : 4) as 4 | 6 }));
  it("refuses a host name resolving to a private address, even one answer among public ones", async () => {
    const resolver = resolverOf({
      "internal.test": ["10.0.0.7"],
      "mixed.test": ["93.184.216.34", "127.0.0.1"],
      "metadata.test": ["::ffff:169.254.169.254"],
      "public.test": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    });
    for (const host of ["internal.test", "mixed.test", "metadata.test"]) {
      await assert.rejects(resolveChecked(new URL(`https://${host}/`), {}, resolver), (error: unknown) => {
        assert.ok(hasCode(error, "NETWORK_REFUSED"));
        assert.match((error as Error).message, new RegExp(`${host.replace(".", "\\.")} resolves to `));
        return true;
      });
    }
    assert.equal((await resolveChecked(new URL("https://public.test/"), {}, resolver)).length, 2);
    assert.equal(
      (await resolveChecked(new URL("https://internal.test/"), { allowPrivate: true }, resolver)).length,
      1,
    );
  });
  it("a name that does not resolve is NETWORK_FAILED", async () => {
    await assert.rejects(
      resolveChecked(new URL("https://nowhere.test/"), {}, async () => {
        throw new Error("getaddrinfo ENOTFOUND nowhere.test");
      }),
      (error: unknown) =>
        hasCode(error, "NETWORK_FAILED") && /cannot resolve nowhere\.test/.test(String(error)),
    );
    await assert.rejects(
      resolveChecked(new URL("https://empty.test/"), {}, async () => []),
      (error: unknown) => hasCode(error, "NETWORK_FAILED"),
    );
  });
});
