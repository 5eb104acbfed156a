import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { organisationOf } from "./organisations.js";

describe("organisationOf", () => {
  const cases: [string, string | undefined][] = [
    ["dev@google.com", "google.com"],
    ["dev@eng.corp.acme.example", "acme.example"],
    ["someone@cam.ac.uk", "cam.ac.uk"],
    ["someone@bbc.co.uk", "bbc.co.uk"],
    // Public mail providers and bots.
    ["someone@gmail.com", undefined],
    ["noreply@acme.example", undefined],
    ["dependabot[bot]@users.noreply.github.com", undefined],
    // Noreply domains of every forge and mailer, not only GitHub's.
    ["123+bob@users.noreply.github.com", undefined],
    ["1-bob@users.noreply.gitlab.com", undefined],
    ["bob@users.noreply.gitlab.acme.example", undefined],
    ["bob@noreply.codeberg.org", undefined],
    ["bob@users.noreply.codeberg.org", undefined],
    ["bob@noreply.gitea.io", undefined],
    ["bob@no-reply.sourceforge.net", undefined],
    ["bob@do-not-reply.acme.example", undefined],
    ["bob@users.sourceforge.net", undefined],
    // Host names git guesses on an unconfigured machine.
    ["root@localhost.localdomain", undefined],
    ["bob@bobs-laptop.local", undefined],
    ["bob@build-7.internal", undefined],
    ["no-at-sign", undefined],
  ];
  for (const [email, org] of cases) {
    it(`${email} → ${org ?? "no organisation"}`, () => assert.equal(organisationOf(email), org));
  }
});
