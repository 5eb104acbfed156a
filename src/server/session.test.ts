import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  csrfMatches,
  csrfTokenFor,
  issueSessionToken,
  memorySessionSecrets,
  verifySessionToken,
} from "./session.js";

// Session tokens on their own: `keyId.expiry.nonce.mac`, signed with a shared secret, checked without storage.

const secrets = memorySessionSecrets(new Uint8Array(32).fill(7));
const NOW = Date.parse("2026-03-01T10:00:00.000Z");
const HOUR = 3600_000;

describe("session tokens", () => {
  it("round-trip: the key id and the expiry (whole seconds) come back", async () => {
    const token = await issueSessionToken(secrets, 42, NOW + 8 * HOUR + 999);
    assert.match(token, /^42\.\d{10}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await verifySessionToken(secrets, token, NOW), { keyId: 42, expiresAt: NOW + 8 * HOUR });
  });

  it("two tokens for the same key and expiry differ (a random nonce each)", async () => {
    const a = await issueSessionToken(secrets, 1, NOW + HOUR);
    const b = await issueSessionToken(secrets, 1, NOW + HOUR);
    assert.notEqual(a, b);
  });

  it("an expired token is refused, at the second it expires", async () => {
    const token = await issueSessionToken(secrets, 1, NOW + HOUR);
    assert.ok(await verifySessionToken(secrets, token, NOW + HOUR - 1));
    assert.equal(await verifySessionToken(secrets, token, NOW + HOUR), undefined);
  });

  it("any change to the token, or another secret, is refused", async () => {
    const token = await issueSessionToken(secrets, 5, NOW + HOUR);
    const [id, expiry, nonce, mac] = token.split(".") as [string, string, string, string];
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
    for (const forged of [
      `6.${expiry}.${nonce}.${mac}`, // another key
      `${id}.${Number(expiry) + 3600}.${nonce}.${mac}`, // a longer life
      `${id}.${expiry}.${flip(nonce)}.${mac}`,
      `${id}.${expiry}.${nonce}.${flip(mac)}`,
    ])
      assert.equal(await verifySessionToken(secrets, forged, NOW), undefined, forged);
    const other = memorySessionSecrets(new Uint8Array(32).fill(8));
    assert.equal(await verifySessionToken(other, token, NOW), undefined);
  });

  it("malformed tokens are refused without throwing", async () => {
    for (const bad of [
      "",
      "x",
      "1.2.3",
      "1.2.3.4.5",
      "0.1700000000.aaaaaaaaaaaaaaaaaaaaaa.b",
      "a".repeat(5000),
    ])
      assert.equal(await verifySessionToken(secrets, bad, NOW), undefined);
  });

  it("the CSRF token is stable per session, differs between sessions, and is not the session's MAC", async () => {
    const a = await issueSessionToken(secrets, 1, NOW + HOUR);
    const b = await issueSessionToken(secrets, 1, NOW + HOUR);
    const csrfA = await csrfTokenFor(secrets, a);
    assert.equal(await csrfTokenFor(secrets, a), csrfA);
    assert.notEqual(await csrfTokenFor(secrets, b), csrfA);
    assert.notEqual(csrfA, a.split(".")[3]);
    assert.ok(csrfMatches(csrfA, csrfA));
    assert.ok(!csrfMatches(csrfA, undefined));
    assert.ok(!csrfMatches(csrfA, csrfA.slice(1)));
    assert.ok(!csrfMatches(csrfA, await csrfTokenFor(secrets, b)));
  });

  it("a secret shorter than 32 bytes is refused", () => {
    assert.throws(() => memorySessionSecrets(new Uint8Array(16)), RangeError);
  });
});
