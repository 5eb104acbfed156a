import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { AdvisoryReader } from "../../advisories/ports.js";
import { corpusPath } from "../../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../../testing/corpus-advisories.js";
import { type App, buildApp } from "../app.js";
import type { Authenticator } from "../auth.js";
import type { PageLimits } from "../osv-api/answers.js";
import { osvApiRoutes } from "./osv-api.js";

// The OSV-compatible routes through the real app (app.inject), answered from a database of the corpus records.

let corpus: CorpusAdvisories;
let reader: AdvisoryReader;
const servers: App[] = [];

const authenticator: Authenticator = {
  authenticate: async (secret) =>
    secret === "read-key" ? { keyId: "1", name: "reader", role: "read", projects: [] } : undefined,
};

async function server(options: { public?: boolean; limits?: PageLimits } = {}): Promise<App> {
  const app = await buildApp({
    authenticator,
    routes: [osvApiRoutes({ advisories: reader, public: options.public ?? true, limits: options.limits })],
  });
  servers.push(app);
  return app;
}

before(async () => {
  corpus = await buildCorpusDatabase();
  reader = corpus.reader;
});

after(async () => {
  for (const s of servers) await s.close();
  corpus.cleanup();
});

const post = async (app: App, url: string, payload: unknown) =>
  app.inject({ method: "POST", url, payload: payload as object });
const ids = (vulns: { id: string }[] | undefined) => (vulns ?? []).map((v) => v.id);

interface Answer {
  package: { ecosystem: string; name: string };
  version: string;
  expected: string[];
  answeredButNotInCorpus: string[];
}

/**
 * Every difference between our answers and api.osv.dev's recorded ones, looked at one by one. "extra" = we
 * answer it and the API did not; "missing" = the reverse. Ids the API answered whose records the corpus lacks
 * (answeredButNotInCorpus) are not differences: the server cannot know records it does not hold.
 */
const KNOWN_DIFFERENCES: Record<string, { extra?: string[]; missing?: string[]; reason: string }> = {
  "urllib3@1.24.3": {
    extra: ["PYSEC-2021-108"],
    reason:
      "the record changed after the corpus snapshot: the corpus copy (modified 2021-07-02) has ECOSYSTEM introduced 0 / fixed 1.26.5 and lists 1.24.3 in its own versions; the API answered from a later revision narrowed to CVE-2021-33503's 1.25.4 - 1.26.4",
  },
};

describe("replaying api.osv.dev's recorded querybatch answers (corpus/osv-api-answers/pypi-querybatch.json)", () => {
  const answers: { queries: Answer[] } = JSON.parse(
    readFileSync(corpusPath("osv-api-answers", "pypi-querybatch.json"), "utf8"),
  );
  const byName = { queries: answers.queries.map((q) => ({ package: q.package, version: q.version })) };

  it("answers every expected id; every other difference is a documented one", async () => {
    const response = await post(await server(), "/v1/querybatch", byName);
    assert.equal(response.statusCode, 200);
    const { results } = response.json() as { results: { vulns?: { id: string; modified: string }[] }[] };
    assert.equal(results.length, answers.queries.length);
    const differences: Record<string, { missing: string[]; extra: string[] }> = {};
    for (const [i, q] of answers.queries.entries()) {
      const got = ids(results[i]!.vulns);
      if (got.length === 0)
        assert.deepEqual(results[i], {}, "a query with nothing is {} as the API writes it");
      const missing = q.expected.filter((id) => !got.includes(id));
      const extra = got.filter((id) => !q.expected.includes(id) && !q.answeredButNotInCorpus.includes(id));
      if (missing.length > 0 || extra.length > 0)
        differences[`${q.package.name}@${q.version}`] = { missing, extra };
      // a batch lists ids with the modified time of the record the server holds
      for (const v of results[i]!.vulns ?? []) assert.equal(v.modified, (await reader.get(v.id))?.modified);
    }
    const documented = Object.fromEntries(
      Object.entries(KNOWN_DIFFERENCES).map(([k, v]) => [
        k,
        { missing: v.missing ?? [], extra: v.extra ?? [] },
      ]),
    );
    assert.deepEqual(differences, documented);
  });

  it("gives the same answers by versioned purl, by purl + version, and one query at a time", async () => {
    const app = await server();
    const reference = (await post(app, "/v1/querybatch", byName)).json();
    const byPurl = await post(app, "/v1/querybatch", {
      queries: answers.queries.map((q) => ({ package: { purl: `pkg:pypi/${q.package.name}@${q.version}` } })),
    });
    assert.deepEqual(byPurl.json(), reference);
    const byPurlAndVersion = await post(app, "/v1/querybatch", {
      queries: answers.queries.map((q) => ({
        package: { purl: `pkg:pypi/${q.package.name}` },
        version: q.version,
      })),
    });
    assert.deepEqual(byPurlAndVersion.json(), reference);
    for (const [i, q] of byName.queries.entries()) {
      const single = (await post(app, "/v1/query", q)).json();
      assert.deepEqual(ids(single.vulns), ids(reference.results[i].vulns));
    }
  });
});

describe("the OSV API contract", () => {
  it("POST /v1/query answers whole records, exactly as stored", async () => {
    const response = await post(await server(), "/v1/query", {
      package: { ecosystem: "PyPI", name: "django" },
      version: "2.2.24",
    });
    assert.equal(response.statusCode, 200);
    const { vulns } = response.json();
    assert.ok(vulns.length >= 8);
    // the response schema must not drop fields of a record (affected ranges, database_specific, ...)
    for (const v of vulns) assert.deepEqual(v, JSON.parse(JSON.stringify(await reader.get(v.id))));
  });

  it("a versioned purl together with a version is a 400, as api.osv.dev answers it", async () => {
    const app = await server();
    const single = await post(app, "/v1/query", {
      package: { purl: "pkg:pypi/django@2.2.24" },
      version: "2.2.24",
    });
    assert.equal(single.statusCode, 400);
    assert.equal(single.json().code, 3);
    assert.match(single.json().message, /^version specified in params and PURL query/);
    assert.equal(single.json().details[0].reason, "USAGE");
    const batch = await post(app, "/v1/querybatch", {
      queries: [
        { package: { ecosystem: "PyPI", name: "flask" }, version: "1.0.0" },
        { package: { purl: "pkg:pypi/django@2.2.24" }, version: "2.2.24" },
      ],
    });
    assert.equal(batch.statusCode, 400, "one bad query refuses the whole batch");
    assert.match(batch.json().message, /queries\[1\]\.version and queries\[1\]\.package\.purl/);
    assert.equal(batch.json().details[0].metadata.field, "queries[1].version");
  });

  it("a Go purl with a namespace names the module as OSV spells it", async () => {
    const app = await server();
    const byName = await post(app, "/v1/query", {
      package: { ecosystem: "Go", name: "golang.org/x/net" },
      version: "0.7.0",
    });
    const byPurl = await post(app, "/v1/query", { package: { purl: "pkg:golang/golang.org/x/net@0.7.0" } });
    assert.equal(byPurl.statusCode, 200);
    assert.ok(ids(byName.json().vulns).length > 0);
    assert.deepEqual(ids(byPurl.json().vulns), ids(byName.json().vulns));
  });

  it("a purl and a name or an ecosystem together are 400s; so is a purl that is not one", async () => {
    const app = await server();
    for (const [pkg, message] of [
      [{ purl: "pkg:pypi/django", name: "django" }, /^name specified in a PURL query/],
      [{ purl: "pkg:pypi/django", ecosystem: "PyPI" }, /^ecosystem specified in a PURL query/],
      [{ purl: "django" }, /^Invalid Package URL/],
      [{ purl: "pkg:yeet/django@1.0" }, /^Invalid Package URL: package\.purl: .*"yeet"/],
    ] as const) {
      const response = await post(app, "/v1/query", { package: pkg, version: "3.0" });
      assert.equal(response.statusCode, 400, JSON.stringify(pkg));
      assert.match(response.json().message, message);
    }
  });

  it("1,000 queries are answered; 1,001 are a 400", async () => {
    const app = await server();
    const query = { package: { ecosystem: "PyPI", name: "jinja2" }, version: "2.4.1" };
    const full = await post(app, "/v1/querybatch", { queries: Array(1000).fill(query) });
    assert.equal(full.statusCode, 200);
    assert.equal(full.json().results.length, 1000);
    assert.ok(full.json().results.every((r: { vulns?: unknown[] }) => r.vulns?.length));
    const over = await post(app, "/v1/querybatch", { queries: Array(1001).fill(query) });
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().code, 3);
    assert.match(over.json().message, /queries must NOT have more than 1000 items/);
  });

  it("an unknown ecosystem is a 400; OSV names are case-sensitive", async () => {
    const app = await server();
    for (const ecosystem of ["Bogus", "pypi"]) {
      const response = await post(app, "/v1/query", {
        package: { ecosystem, name: "django" },
        version: "3.0",
      });
      assert.equal(response.statusCode, 400);
      assert.match(
        response.json().message,
        new RegExp(`^Invalid ecosystem: package\\.ecosystem "${ecosystem}"`),
      );
    }
    // an ecosystem with a release suffix is known; a Go record never matches a Debian query
    const debian = await post(app, "/v1/query", {
      package: { ecosystem: "Debian:12", name: "django" },
      version: "3.0",
    });
    assert.equal(debian.statusCode, 200);
  });

  it("a package without a version lists every record naming it (withdrawn ones left out)", async () => {
    const response = await post(await server(), "/v1/query", { package: { purl: "pkg:pypi/Django" } });
    assert.equal(response.statusCode, 200);
    const expected = (await reader.recordsFor("PyPI", "django")).filter((r) => !r.withdrawn).map((r) => r.id);
    assert.ok(expected.length > 100);
    assert.deepEqual(ids(response.json().vulns), [...expected].sort());
  });

  it("nothing matched is {} for /v1/query and for a batch entry", async () => {
    const app = await server();
    const query = { package: { ecosystem: "PyPI", name: "emoji" }, version: "2.14.0" };
    assert.deepEqual((await post(app, "/v1/query", query)).json(), {});
    assert.deepEqual((await post(app, "/v1/querybatch", { queries: [query] })).json(), { results: [{}] });
    assert.deepEqual((await post(app, "/v1/querybatch", { queries: [] })).json(), { results: [] });
  });

  it("GET /v1/vulns/{id} returns the record; an unknown id is a 404 that names the records carrying it as an alias", async () => {
    const app = await server();
    for (const id of ["PYSEC-2021-98", "GO-2022-0969"]) {
      const response = await app.inject({ url: `/v1/vulns/${id}` });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), JSON.parse(JSON.stringify(await reader.get(id))));
    }
    const unknown = await app.inject({ url: "/v1/vulns/PYSEC-1999-0" });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 5);
    assert.equal(unknown.json().details[0].reason, "INPUT_NOT_FOUND");
    const alias = await app.inject({ url: "/v1/vulns/CVE-2021-33203" });
    assert.equal(alias.statusCode, 404);
    assert.equal(alias.json().message, "Bug not found, but the following aliases were: PYSEC-2021-98");
  });

  it("commit queries and names without an ecosystem are refused with a 400 that says why", async () => {
    const app = await server();
    const commit = await post(app, "/v1/query", { commit: "6879efc2c1596d11a6a6ad296f80063b558d5e0f" });
    assert.equal(commit.statusCode, 400);
    assert.match(commit.json().message, /commit: queries by commit are not supported/);
    const withPackage = await post(app, "/v1/querybatch", {
      queries: [
        {
          package: { ecosystem: "PyPI", name: "django" },
          commit: "6879efc2c1596d11a6a6ad296f80063b558d5e0f",
        },
      ],
    });
    assert.equal(withPackage.statusCode, 400);
    assert.equal(withPackage.json().details[0].metadata.field, "queries[0].commit");
    const nameOnly = await post(app, "/v1/query", { package: { name: "django" }, version: "3.0" });
    assert.equal(nameOnly.statusCode, 400);
    assert.match(nameOnly.json().message, /package\.ecosystem is missing/);
    const nothing = await post(app, "/v1/query", { version: "3.0" });
    assert.equal(nothing.statusCode, 400);
    assert.match(nothing.json().message, /package is missing/);
  });

  it("hostile bodies are 400s in the OSV error shape, never a crash", async () => {
    const app = await server();
    const malformed = await app.inject({
      method: "POST",
      url: "/v1/querybatch",
      headers: { "content-type": "application/json" },
      payload: '{"queries": [{"package": {"ecosystem": "PyPI", "name": "django"}, "version": "3.0"}',
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 3);
    for (const body of [
      { queries: "all" },
      { queries: [1] },
      { queries: [{ package: "django" }] },
      { queries: [{ package: { ecosystem: "PyPI", name: ["django"] }, version: "3.0" }] },
      // a number is not a version: protobuf JSON refuses it (a coercing reader would turn 3.10 into "3.1")
      { package: { ecosystem: "PyPI", name: "django" }, version: 3.1 },
      { package: { ecosystem: "PyPI", name: "django" }, page_token: "x".repeat(513) },
    ]) {
      const url = "queries" in body ? "/v1/querybatch" : "/v1/query";
      const response = await post(app, url, body);
      assert.equal(response.statusCode, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(response.json().code, 3);
      assert.equal(response.headers["content-type"], "application/json; charset=utf-8");
    }
  });

  it("reads the JSON that `curl -d` labels as a form, as api.osv.dev does", async () => {
    const response = await (await server()).inject({
      method: "POST",
      url: "/v1/query",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: JSON.stringify({ package: { purl: "pkg:pypi/flask@1.0.0" } }),
    });
    assert.equal(response.statusCode, 200);
    assert.ok(ids(response.json().vulns).includes("PYSEC-2023-62"));
  });

  it("needs a read key unless opened with the public flag; refusals are google.rpc.Status bodies too", async () => {
    const closed = await server({ public: false });
    const query = { package: { ecosystem: "PyPI", name: "flask" }, version: "1.0.0" };
    const anonymous = await post(closed, "/v1/query", query);
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().code, 16);
    assert.equal(anonymous.json().details[0].reason, "UNAUTHENTICATED");
    const unknownKey = await closed.inject({
      url: "/v1/vulns/PYSEC-2023-62",
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(unknownKey.statusCode, 401);
    const withKey = await closed.inject({
      method: "POST",
      url: "/v1/query",
      headers: { authorization: "Bearer read-key" },
      payload: query,
    });
    assert.equal(withKey.statusCode, 200);
    assert.equal((await post(await server({ public: true }), "/v1/query", query)).statusCode, 200);
  });

  it("publishes request and response schemas of the three routes in /api/openapi.json", async () => {
    const doc = (await (await server({ public: false })).inject({ url: "/api/openapi.json" })).json();
    for (const [path, method] of [
      ["/v1/query", "post"],
      ["/v1/querybatch", "post"],
      ["/v1/vulns/{id}", "get"],
    ] as const) {
      const operation = doc.paths[path]?.[method];
      assert.ok(operation, `${method} ${path} is documented`);
      assert.ok(operation.responses["200"].content["application/json"].schema);
      assert.ok(operation.responses["4XX"].content["application/json"].schema.properties.code);
      assert.deepEqual(operation.security, [{ apiKey: [] }]);
      if (method === "post") assert.ok(operation.requestBody.content["application/json"].schema.properties);
    }
    assert.equal(
      doc.paths["/v1/querybatch"].post.requestBody.content["application/json"].schema.properties.queries
        .maxItems,
      1000,
    );
  });
});

describe("paging with page_token", () => {
  /** Follows next_page_token until the end; returns each page's ids. */
  async function allPages(app: App, query: object): Promise<string[][]> {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const response = await post(app, "/v1/query", { ...query, ...(token ? { page_token: token } : {}) });
      assert.equal(response.statusCode, 200);
      pages.push(ids(response.json().vulns));
      token = response.json().next_page_token;
    } while (token && pages.length < 100);
    return pages;
  }

  it("a query longer than a page is paged; following the tokens gives every record once, in order", async () => {
    const query = { package: { ecosystem: "PyPI", name: "tensorflow" } };
    const whole = (await post(await server(), "/v1/query", query)).json();
    assert.equal(whole.next_page_token, undefined, "242 records fit api.osv.dev's 1,000-record page");
    const pages = await allPages(
      await server({ limits: { perQuery: 50, batchBudget: 3000, afterBudget: 5 } }),
      query,
    );
    assert.deepEqual(
      pages.map((p) => p.length),
      [50, 50, 50, 50, whole.vulns.length - 200],
    );
    assert.deepEqual(pages.flat(), ids(whole.vulns));
  });

  it("pageToken (protobuf JSON's spelling) works as page_token; a token of another query or a forged one is a 400", async () => {
    const app = await server({ limits: { perQuery: 10, batchBudget: 3000, afterBudget: 5 } });
    const django = { package: { ecosystem: "PyPI", name: "django" } };
    const first = (await post(app, "/v1/query", django)).json();
    const second = (await post(app, "/v1/query", { ...django, pageToken: first.next_page_token })).json();
    assert.equal(second.vulns.length, 10);
    assert.ok(second.vulns[0].id > first.vulns[9].id);
    const misused = await post(app, "/v1/query", {
      package: { ecosystem: "PyPI", name: "tensorflow" },
      page_token: first.next_page_token,
    });
    assert.equal(misused.statusCode, 400);
    assert.match(misused.json().message, /^Invalid page token: page_token: it was issued for another query/);
    for (const forged of ["not-a-token", Buffer.from('["", "x"]').toString("base64url"), "%%%"]) {
      const response = await post(app, "/v1/query", { ...django, page_token: forged });
      assert.equal(response.statusCode, 400, forged);
      assert.match(response.json().message, /^Invalid page token/);
    }
  });

  it("a batch pages as api.osv.dev's does: after 3,000 vulnerabilities each later query lists 5 and pages", async () => {
    const app = await server();
    const stdlib = { package: { ecosystem: "Go", name: "stdlib" }, version: "1.10.0" };
    const all = ids((await post(app, "/v1/query", stdlib)).json().vulns);
    assert.ok(all.length > 100 && all.length < 1000);
    const count = Math.ceil(3000 / all.length) + 5;
    const first = (await post(app, "/v1/querybatch", { queries: Array(count).fill(stdlib) })).json();
    const fullUntil = Math.ceil(3001 / all.length); // the first query after which more than 3,000 are listed
    for (const [i, result] of first.results.entries()) {
      if (i < fullUntil) {
        assert.deepEqual(ids(result.vulns), all, `query ${i} is whole`);
        assert.equal(result.next_page_token, undefined);
      } else {
        assert.deepEqual(ids(result.vulns), all.slice(0, 5), `query ${i} is cut at 5`);
        assert.ok(result.next_page_token);
      }
    }
    // the client sends the paged queries again with their tokens (as osv-scanner does) and gets the rest
    const paged = first.results.flatMap((r: { next_page_token?: string }, i: number) =>
      r.next_page_token ? [{ i, query: { ...stdlib, page_token: r.next_page_token } }] : [],
    );
    const rest = (
      await post(app, "/v1/querybatch", { queries: paged.map((p: { query: object }) => p.query) })
    ).json();
    for (const [k, result] of rest.results.entries()) {
      assert.equal(result.next_page_token, undefined);
      assert.deepEqual([...ids(first.results[paged[k].i].vulns), ...ids(result.vulns)], all);
    }
  });
});
