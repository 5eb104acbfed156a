import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Finding } from "../model/finding.js";
import { expiredIgnores, ignoreSuppression, loadConfig, parseConfig } from "./config.js";

const tmp = mkdtempSync(join(tmpdir(), "bulwark-config-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const finding = (id: string, aliases: string[], purl: string) =>
  ({ id, aliases, package: { purl } }) as unknown as Finding;

describe("parseConfig", () => {
  it("reads [[ignore]] entries with a TOML date", () => {
    const config = parseConfig(
      '[[ignore]]\nid = "GHSA-vvpx-j8f3-3w6h"\npackage = "pkg:golang/golang.org/x/net"\nreason = "not reachable"\nexpires = 2026-12-31\n',
      "bulwark.toml",
    );
    assert.deepEqual(config.ignores, [
      {
        id: "GHSA-vvpx-j8f3-3w6h",
        package: "pkg:golang/golang.org/x/net",
        reason: "not reachable",
        expires: "2026-12-31",
        source: "bulwark.toml",
      },
    ]);
  });

  it("leaves the sections of other commands to them ([[risk.suppress]] of bulwark risk)", () => {
    const config = parseConfig(
      '[[risk.suppress]]\ncheck = "Pinned-Dependencies"\npath = "ci/*"\nreason = "r"\n[[ignore]]\nid = "X"\nreason = "r"\n',
      "c.toml",
    );
    assert.deepEqual(
      config.ignores.map((i) => i.id),
      ["X"],
    );
  });

  it("a bad file is a ConfigError (CONFIG_INVALID) naming it; the rules are tested in src/config", () => {
    assert.throws(() => parseConfig('[[ignore]]\nid = "X"\n', "a.toml"), {
      name: "ConfigError",
      code: "CONFIG_INVALID",
      message: 'a.toml: ignore[0]: "reason" is required',
    });
  });
});

describe("ignores", () => {
  const config = parseConfig(
    '[[ignore]]\nid = "cve-2022-41723"\nreason = "any package"\n[[ignore]]\nid = "GO-1"\npackage = "pkg:npm/x@1.0.0"\nreason = "pinned"\nexpires = 2026-01-31\n',
    "b.toml",
  );

  it("match the id or any alias (case-insensitive), and the package purl (versionless = any version)", () => {
    assert.equal(
      ignoreSuppression(finding("GHSA-a", ["CVE-2022-41723"], "pkg:golang/x@1"), config, "2026-01-01")
        ?.reason,
      "any package",
    );
    assert.equal(
      ignoreSuppression(finding("GO-1", [], "pkg:npm/x@1.0.0"), config, "2026-01-31")?.reason,
      "pinned",
    );
    assert.equal(ignoreSuppression(finding("GO-1", [], "pkg:npm/x@1.0.1"), config, "2026-01-31"), undefined);
    assert.equal(ignoreSuppression(finding("GO-2", [], "pkg:npm/x@1.0.0"), config, "2026-01-01"), undefined);
  });

  it("expire after their last day, and are then reported", () => {
    assert.equal(ignoreSuppression(finding("GO-1", [], "pkg:npm/x@1.0.0"), config, "2026-02-01"), undefined);
    assert.deepEqual(expiredIgnores(config, "2026-01-31"), []);
    assert.deepEqual(expiredIgnores(config, "2026-02-01"), [
      { id: "GO-1", package: "pkg:npm/x@1.0.0", reason: "pinned", expires: "2026-01-31", source: "b.toml" },
    ]);
  });
});

describe("loadConfig", () => {
  it("finds bulwark.toml in the first scanned folder, or next to a scanned file", async () => {
    writeFileSync(join(tmp, "bulwark.toml"), '[[ignore]]\nid = "X"\nreason = "r"\n');
    writeFileSync(join(tmp, "go.mod"), "module x\n");
    assert.equal((await loadConfig(undefined, [tmp])).ignores.length, 1);
    assert.equal((await loadConfig(undefined, [join(tmp, "go.mod")])).ignores.length, 1);
    assert.deepEqual(await loadConfig(undefined, [join(tmp, "missing")]), { ignores: [] });
  });

  it("fails on a missing --config file, naming it", async () => {
    await assert.rejects(loadConfig(join(tmp, "nope.toml"), ["."]), {
      code: "INPUT_UNREADABLE",
      message: /cannot read config file .*nope\.toml: .*ENOENT/,
    });
  });
});
