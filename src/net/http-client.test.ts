// The HTTP client against local servers started here (127.0.0.1); name resolution is injected, no network.
import assert from "node:assert/strict";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { after, describe, it } from "node:test";
import { hasCode } from "../model/errors.js";
import { createHttpClient } from "./http-client.js";
import type { Resolver } from "./policy.js";

interface TestServer {
  origin: string;
  port: number;
  /** Requests received: method, path and headers. */
  seen: { method: string; path: string; headers: IncomingMessage["headers"] }[];
}

const servers: ReturnType<typeof createServer>[] = [];
after(() => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const seen: TestServer["seen"] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, seen };
}

/** A resolver answering from a table, counting the questions it was asked. */
function tableResolver(answers: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    asked.push(host);
    return (answers[host] ?? []).map((address) => ({
      address,
      family: (address.includes(":") ? 6 : 4) as 4 | 6,
    }));
  };
  return Object.assign(resolve, { asked });
}

function expectCode(code: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(hasCode(error, code as never), `expected ${code}, got ${String(error)}`);
    if (message) assert.match((error as Error).message, message);
    return true;
  };
}

const json = (res: ServerResponse, value: unknown) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(value));
};

describe("outbound policy at connect time", () => {
  it("a local server is refused by default (private address), nothing is sent to it", async () => {
    const server = await serve((_req, res) => json(res, { ok: true }));
    const client = createHttpClient({ policy: { allowHttp: true } });
    await assert.rejects(
      client.fetchJson(`${server.origin}/x`),
      expectCode("NETWORK_REFUSED", /127\.0\.0\.1 is a loopback address/),
    );
    assert.equal(server.seen.length, 0);
  });
  it("allowPrivate lets the same request through; fetchJson parses the answer", async () => {
    const server = await serve((_req, res) => json(res, { ok: true, n: 3 }));
    const client = createHttpClient({
      policy: { allowHttp: true, allowPrivate: true },
      userAgent: "bulwark-test",
    });
    assert.deepEqual(await client.fetchJson(`${server.origin}/x`), { ok: true, n: 3 });
    assert.equal(server.seen[0].headers["user-agent"], "bulwark-test");
    assert.equal(server.seen[0].headers.accept, "application/json");
  });
  it("a host name resolving to a private address is refused when the socket connects", async () => {
    const server = await serve((_req, res) => res.end("secret"));
    const resolver = tableResolver({
      "internal.test": ["127.0.0.1"],
      "mixed.test": ["93.184.216.34", "127.0.0.1"],
    });
    const client = createHttpClient({ policy: { allowHttp: true }, resolver });
    await assert.rejects(
      client.fetchBytes(`http://internal.test:${server.port}/`),
      expectCode("NETWORK_REFUSED", /internal\.test resolves to 127\.0\.0\.1, a loopback address/),
    );
    await assert.rejects(
      client.fetchBytes(`http://mixed.test:${server.port}/`),
      expectCode("NETWORK_REFUSED", /mixed\.test resolves to 127\.0\.0\.1/),
    );
    assert.deepEqual(resolver.asked, ["internal.test", "mixed.test"]);
    assert.equal(server.seen.length, 0);
    // The same names are used (and connected to the checked address) when private addresses are allowed.
    const open = createHttpClient({ policy: { allowHttp: true, allowPrivate: true }, resolver });
    assert.equal(
      Buffer.from(await open.fetchBytes(`http://internal.test:${server.port}/`)).toString(),
      "secret",
    );
  });
  it("DNS rebinding: the address is judged when connecting, not when the URL was checked", async () => {
    const server = await serve((_req, res) => res.end("x"));
    // First answer public (as a checker resolving ahead of time would see), then private.
    let calls = 0;
    const rebinding: Resolver = async () => [
      { address: calls++ === 0 ? "93.184.216.34" : "127.0.0.1", family: 4 },
    ];
    const client = createHttpClient({ policy: { allowHttp: true }, resolver: rebinding });
    await rebinding("rebind.test"); // what a check-then-fetch client would have looked at
    await assert.rejects(
      client.fetchBytes(`http://rebind.test:${server.port}/`),
      expectCode("NETWORK_REFUSED"),
    );
    assert.equal(server.seen.length, 0);
  });
});

describe("redirects", () => {
  it("every hop is checked: redirects to a private address, a private name or another scheme are refused", async () => {
    const targets: Record<string, string> = {};
    const server = await serve((req, res) => {
      const to = targets[req.url ?? ""];
      if (to) {
        res.writeHead(302, { location: to });
        res.end();
      } else res.end("landed");
    });
    targets["/to-loopback"] = `http://127.0.0.2:${server.port}/`;
    targets["/to-name"] = `http://intranet.test:${server.port}/`;
    targets["/to-file"] = "file:///etc/passwd";
    targets["/to-ftp"] = "ftp://example.org/x";
    targets["/to-metadata"] = "http://169.254.169.254/latest/meta-data/";
    targets["/to-local"] = "/landing";
    const resolver = tableResolver({ "intranet.test": ["10.1.2.3"] });
    // Only the test server's own address is opened, so the first hop connects and the next one is judged.
    const client = createHttpClient({
      policy: { allowHttp: true, allowedAddresses: ["127.0.0.1"] },
      resolver,
    });
    const cases: [string, RegExp][] = [
      ["/to-loopback", /127\.0\.0\.2 is a loopback address/],
      ["/to-name", /intranet\.test resolves to 10\.1\.2\.3, a private address/],
      ["/to-file", /scheme "file" is not allowed/],
      ["/to-ftp", /scheme "ftp" is not allowed/],
      ["/to-metadata", /169\.254\.169\.254 is a link-local address/],
    ];
    for (const [path, message] of cases) {
      await assert.rejects(
        client.fetchBytes(`${server.origin}${path}`),
        expectCode("NETWORK_REFUSED", message),
      );
    }
    const res = await client.request(`${server.origin}/to-local`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.redirects, [`${server.origin}/to-local`]);
    assert.equal(res.url, `${server.origin}/landing`);
    res.body.resume();
  });
  it("redirects are bounded, can be refused altogether, and drop credentials across origins", async () => {
    const other = await serve((_req, res) => res.end("other"));
    const server = await serve((req, res) => {
      if (req.url === "/loop") res.writeHead(301, { location: "/loop" }).end();
      else if (req.url === "/away")
        res.writeHead(307, { location: `http://localhost.test:${other.port}/` }).end();
      else res.end("here");
    });
    const resolver = tableResolver({ "localhost.test": ["127.0.0.1"] });
    const client = createHttpClient({
      policy: { allowHttp: true, allowPrivate: true },
      resolver,
      maxRedirects: 3,
    });
    await assert.rejects(
      client.fetchBytes(`${server.origin}/loop`),
      expectCode("NETWORK_FAILED", /too many redirects \(more than 3\)/),
    );
    assert.equal(server.seen.length, 4);
    await assert.rejects(
      client.fetchBytes(`${server.origin}/loop`, { maxRedirects: 0 }),
      expectCode("NETWORK_FAILED", /redirects are not followed/),
    );
    const body = await client.fetchBytes(`${server.origin}/away`, {
      headers: { authorization: "Bearer secret", "x-trace": "1" },
    });
    assert.equal(Buffer.from(body).toString(), "other");
    assert.equal(server.seen.at(-1)?.headers.authorization, "Bearer secret");
    assert.equal(other.seen[0].headers.authorization, undefined);
    assert.equal(other.seen[0].headers["x-trace"], "1");
  });
});

describe("bodies, limits, timeouts and cancellation", () => {
  const policy = { allowHttp: true, allowPrivate: true };
  it("a Content-Length over the limit is refused before reading; a longer chunked body stops the stream", async () => {
    const big = Buffer.alloc(256 * 1024, 97);
    const server = await serve((req, res) => {
      if (req.url === "/announced") res.end(big);
      else {
        // Written before end(): sent chunked, with no Content-Length to judge up front.
        res.write(big);
        res.end();
      }
    });
    const client = createHttpClient({ policy });
    await assert.rejects(
      client.fetchBytes(`${server.origin}/announced`, { maxBytes: 1000 }),
      expectCode("INPUT_TOO_LARGE", /body is 262144 bytes, over the 1000-byte limit/),
    );
    await assert.rejects(
      client.fetchBytes(`${server.origin}/chunked`, { maxBytes: 1000 }),
      expectCode("INPUT_TOO_LARGE", /exceeds the 1000-byte limit/),
    );
    assert.equal(
      (await client.fetchBytes(`${server.origin}/chunked`, { maxBytes: big.length })).length,
      big.length,
    );
  });
  it("streams a large body to a file without holding it", async () => {
    const chunk = Buffer.alloc(64 * 1024, 98);
    const chunks = 160; // 10 MiB
    const server = await serve((_req, res) => {
      let sent = 0;
      const write = () => {
        while (sent < chunks) {
          sent++;
          if (!res.write(chunk)) {
            res.once("drain", write);
            return;
          }
        }
        res.end();
      };
      write();
    });
    const client = createHttpClient({ policy, maxBytes: 1024 });
    const dir = await mkdtemp(join(tmpdir(), "bulwark-net-"));
    try {
      const res = await client.request(`${server.origin}/big`, { maxBytes: 4 * 1024 ** 3 });
      await pipeline(res.body, createWriteStream(join(dir, "big.bin")));
      assert.equal((await stat(join(dir, "big.bin"))).size, chunk.length * chunks);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it("non-2xx answers are NETWORK_FAILED with the status; request() returns them as they are", async () => {
    const server = await serve((_req, res) => res.writeHead(404).end("missing"));
    const client = createHttpClient({ policy });
    await assert.rejects(client.fetchBytes(`${server.origin}/nope`), (error: unknown) => {
      assert.ok(hasCode(error, "NETWORK_FAILED"));
      assert.equal((error as { details: Record<string, unknown> }).details.status, 404);
      assert.match((error as Error).message, /answered HTTP 404/);
      return true;
    });
    const res = await client.request(`${server.origin}/nope`);
    assert.equal(res.status, 404);
    res.body.resume();
  });
  it("an answer that is not JSON is PARSE_FAILED naming the URL", async () => {
    const server = await serve((_req, res) => res.end("<html>"));
    await assert.rejects(
      createHttpClient({ policy }).fetchJson(`${server.origin}/page`),
      expectCode("PARSE_FAILED", /answer of http:\/\/127\.0\.0\.1:\d+\/page is not JSON/),
    );
  });
  it("a silent server times out; a connection refused is NETWORK_FAILED", async () => {
    const server = await serve(() => {
      // never answers
    });
    const client = createHttpClient({ policy, timeoutMs: 150 });
    await assert.rejects(
      client.fetchBytes(`${server.origin}/slow`),
      expectCode("NETWORK_FAILED", /timed out/),
    );
    const closed = await serve(() => {});
    servers.at(-1)?.close();
    await new Promise((r) => setTimeout(r, 20));
    await assert.rejects(
      client.fetchBytes(`${closed.origin}/`),
      expectCode("NETWORK_FAILED", /ECONNREFUSED/),
    );
  });
  it("a body that stalls half-way times out in the stream", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-length": 100 });
      res.write("partial");
    });
    const client = createHttpClient({ policy, timeoutMs: 150 });
    await assert.rejects(
      client.fetchBytes(`${server.origin}/stall`),
      expectCode("NETWORK_FAILED", /timed out/),
    );
  });
  it("an AbortSignal cancels before the answer and while the body streams", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/headers-only") {
        res.writeHead(200);
        res.write("first");
      }
    });
    const client = createHttpClient({ policy });
    const early = new AbortController();
    const pending = client.fetchBytes(`${server.origin}/never`, { signal: early.signal });
    setTimeout(() => early.abort(), 50);
    await assert.rejects(pending, expectCode("ABORTED", /request to .*\/never was cancelled/));

    const late = new AbortController();
    const res = await client.request(`${server.origin}/headers-only`, { signal: late.signal });
    const reading = (async () => {
      for await (const _ of res.body) late.abort();
    })();
    await assert.rejects(reading, expectCode("ABORTED"));

    const already = AbortSignal.abort();
    await assert.rejects(client.fetchBytes(`${server.origin}/x`, { signal: already }), expectCode("ABORTED"));
  });
});
