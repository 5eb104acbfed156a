import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { IncidentEvent, IncidentProject } from "../store/portfolio/ports.js";
import { componentIsProject, ownersOf, patchPlan } from "./patch-plan.js";
import { progressOf } from "./progress.js";
import { DEFAULT_INCIDENT_RULES, incidentRulesFrom, matchingRule } from "./rules.js";

const part = (name: string, status: IncidentProject["status"] = "affected"): IncidentProject => ({
  incidentId: 1,
  projectId: name.length,
  projectName: name,
  status,
  affectedAt: "2026-01-01T00:00:00.000Z",
  changedAt: "2026-01-01T00:00:00.000Z",
  changedBy: "rule:kev",
});

describe("patch plan", () => {
  test("shared internal libraries first, then what depends on them; owners from owner: tags", () => {
    const plan = patchPlan([
      {
        project: part("payments/api"),
        tags: ["owner:payments", "internet-facing"],
        components: [
          { name: "@acme/http-kit", purl: "pkg:npm/%40acme/http-kit@2.0.0" },
          { name: "express", purl: "pkg:npm/express@4.18.2" },
        ],
      },
      {
        project: part("platform/http-kit"),
        tags: ["owner:platform"],
        components: [{ name: "undici", purl: "pkg:npm/undici@5.0.0" }],
      },
      {
        project: part("web/shop"),
        tags: [],
        components: [{ name: "github.com/acme/api", purl: "pkg:golang/github.com/acme/api@1.0.0" }],
      },
    ]);
    assert.deepEqual(
      plan.layers.map((l) =>
        l.map((p) => `${p.project} [${p.owners.join(",")}] <- ${p.dependsOn.join(",")}`),
      ),
      [
        ["platform/http-kit [platform] <- "],
        ["payments/api [payments] <- platform/http-kit"],
        // the Go module github.com/acme/api is the project payments/api (its last segment)
        ["web/shop [] <- payments/api"],
      ],
    );
    assert.deepEqual(plan.cycles, []);
  });

  test("a dependency cycle is patched together in the last layer", () => {
    const plan = patchPlan([
      { project: part("a"), tags: [], components: [{ name: "b", purl: "pkg:npm/b@1.0.0" }] },
      { project: part("b"), tags: [], components: [{ name: "a", purl: "pkg:npm/a@1.0.0" }] },
      { project: part("c"), tags: [], components: [] },
    ]);
    assert.deepEqual(
      plan.layers.map((l) => l.map((p) => p.project)),
      [["c"], ["a", "b"]],
    );
    assert.deepEqual(plan.cycles, ["a", "b"]);
  });

  test("owners and component names", () => {
    assert.deepEqual(ownersOf(["owner:team-a", "owner:", "x", "owner:sec"]), ["team-a", "sec"]);
    assert.equal(componentIsProject({ name: "lodash", purl: "pkg:npm/lodash@4.17.21" }, "libs/lodash"), true);
    assert.equal(
      componentIsProject({ name: "lodash-es", purl: "pkg:npm/lodash-es@4.17.21" }, "libs/lodash"),
      false,
    );
  });
});

describe("progress", () => {
  const e = (
    minute: number,
    type: IncidentEvent["type"],
    project?: string,
    status?: IncidentEvent["status"],
  ): IncidentEvent => ({
    id: minute,
    incidentId: 1,
    at: new Date(Date.parse("2026-01-01T00:00:00Z") + minute * 60_000).toISOString(),
    type,
    ...(project ? { projectName: project, projectId: project.length } : {}),
    ...(status ? { status } : {}),
    by: "x",
  });

  test("share fixed after each change; contained when all are fixed or not affected; un-contained by a regression", () => {
    const opened = "2026-01-01T00:00:00.000Z";
    const timeline = [
      e(0, "opened"),
      e(1, "project.affected", "a", "affected"),
      e(2, "project.affected", "b", "affected"),
      e(30, "project.fixed", "a", "fixed"),
      e(60, "project.status", "b", "not_affected"),
    ];
    const p = progressOf(opened, timeline);
    assert.deepEqual(
      p.points.map((x) => x.shareFixed),
      [0, 0, 0.5, 1],
    );
    assert.equal(p.timeToContainMs, 60 * 60_000);
    const regressed = progressOf(opened, [...timeline, e(90, "project.affected", "a", "affected")]);
    assert.equal(regressed.timeToContainMs, undefined);
    assert.equal(regressed.shareFixed, 0);
    assert.deepEqual(progressOf(opened, [e(0, "opened")]), { points: [], shareFixed: 0 });
  });
});

describe("auto-open rules", () => {
  const f = {
    vulnerability: "GHSA-jfh8-c2jp-5v3q",
    aliases: ["CVE-2021-44228"],
    purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
    kev: false,
  };
  test("KEV and CVSS ≥ 9 by default; ids and purl patterns when listed; each can be turned off", () => {
    assert.equal(matchingRule(DEFAULT_INCIDENT_RULES, { ...f, kev: true }), "kev");
    assert.equal(matchingRule(DEFAULT_INCIDENT_RULES, { ...f, cvss: 10 }), "cvss");
    assert.equal(matchingRule(DEFAULT_INCIDENT_RULES, { ...f, cvss: 8.9 }), undefined);
    assert.equal(
      matchingRule(incidentRulesFrom({ kev: false, min_cvss: 0 }), { ...f, kev: true, cvss: 10 }),
      undefined,
    );
    assert.equal(matchingRule(incidentRulesFrom({ ids: ["cve-2021-44228"] }), f), "id");
    assert.equal(
      matchingRule(incidentRulesFrom({ packages: ["pkg:maven/org.apache.logging.log4j/*"] }), f),
      "package",
    );
    assert.equal(
      matchingRule(incidentRulesFrom({ packages: ["pkg:maven/org.apache.logging.log4j/log4j-core"] }), f),
      "package",
    );
    assert.equal(matchingRule(incidentRulesFrom({ packages: ["pkg:npm/*"] }), f), undefined);
  });
});
