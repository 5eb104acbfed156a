import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Type } from "typebox";
import { BulwarkError } from "../model/errors.js";
import { buildApp } from "./app.js";
import type { Authenticator, Principal } from "./auth.js";

// The HTTP skeleton on its own: access rules, authentication, problem bodies, OpenAPI.
const keys: Record<string, Principal> = {
  "read-key": { keyId: "1", name: "reader", role: "read", projects: [] },
  "admin-key": { keyId: "2", name: "admin", role: "admin", projects: [] },
};
const authenticator: Authenticator = { authenticate: async (secret) => keys[secret] };

async function app() {
  return buildApp({
    authenticator,
    routes: [
      (a) => {
        a.get("/api/v1/things", { config: { access: "read" } }, async () => ({ ok: true }));
        a.post(
          "/api/v1/things",
          {
            config: { access: "admin" },
            schema: {
              body: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
            },
          },
          async (request) => ({ name: request.body.name }),
        );
        a.get("/api/v1/broken", { config: { access: "public" } }, async () => {
          throw new Error("SELECT secret FROM keys failed at /srv/data");
        });
        a.get("/api/v1/conflict", { config: { access: "public" } }, async () => {
          throw new BulwarkError("CONFLICT", "the project changed meanwhile", { details: { project: "x" } });
        });
      },
    ],
  });
}

describe("the HTTP skeleton", () => {
  it("refuses to register a route without an access rule", async () => {
    await assert.rejects(
      buildApp({ authenticator, routes: [(a) => void a.get("/api/v1/open", async () => ({}))] }),
      /route GET \/api\/v1\/open has no access rule/,
    );
  });

  it("401 without or with an unknown key, 403 with a weaker role, 200 with enough", async () => {
    const server = await app();
    const call = (key?: string, method: "GET" | "POST" = "GET", payload?: object) =>
      server.inject({
        method,
        url: "/api/v1/things",
        headers: key ? { authorization: `Bearer ${key}` } : {},
        ...(payload ? { payload } : {}),
      });
    assert.equal((await call()).statusCode, 401);
    const unknown = await call("nope");
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().code, "UNAUTHENTICATED");
    assert.equal((await call("read-key")).statusCode, 200);
    const weak = await call("read-key", "POST", { name: "x" });
    assert.equal(weak.statusCode, 403);
    assert.equal(weak.json().code, "FORBIDDEN");
    assert.equal((await call("admin-key", "POST", { name: "x" })).statusCode, 200);
    await server.close();
  });

  it("a schema violation is a 400 naming the field; internals never leak; Bulwark errors keep code and details", async () => {
    const server = await app();
    const bad = await server.inject({
      method: "POST",
      url: "/api/v1/things",
      headers: { authorization: "Bearer admin-key" },
      payload: { name: 3, extra: true },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.headers["content-type"], "application/problem+json; charset=utf-8");
    assert.match(bad.json().detail, /body/);
    const broken = await server.inject({ url: "/api/v1/broken" });
    assert.equal(broken.statusCode, 500);
    assert.deepEqual(broken.json(), {
      type: "urn:bulwark:problem:INTERNAL",
      title: "INTERNAL",
      status: 500,
      detail: "internal error",
      code: "INTERNAL",
    });
    const conflict = await server.inject({ url: "/api/v1/conflict" });
    assert.equal(conflict.statusCode, 409);
    assert.deepEqual(conflict.json().details, { project: "x" });
    const missing = await server.inject({ url: "/api/v1/nothing" });
    assert.equal(missing.statusCode, 404);
    await server.close();
  });

  it("serves an OpenAPI 3.1 document of the routes", async () => {
    const server = await app();
    const doc = (await server.inject({ url: "/api/openapi.json" })).json();
    assert.equal(doc.openapi, "3.1.0");
    assert.ok(doc.paths["/api/v1/things"].post.requestBody);
    await server.close();
  });
});
