import assert from "node:assert/strict";
import { test } from "node:test";
import { runLockfileSuite } from "../../testing/extractor-kit.js";
import type { ExpectedPackage } from "../../testing/lockfile-cases.js";
import { extractFixture, loadLockfileSuite } from "../../testing/lockfile-cases.js";
import { interpretSpec, logicalLines, requirementsExtractor } from "./requirements.js";

/**
 * Mapping from osv-scalibr to Bulwark: upstream keeps the version of any single-operator requirement
 * (">=0.2.2" -> "0.2.2") and "" for unpinned ones. Bulwark resolves only `==`/`===` pins of one exact
 * version; for everything else the version is the declared specifier (operators kept, whitespace around
 * them removed, markers dropped) and `resolved` is false, so that a range is never matched as its lowest
 * version. The expected specifier is derived here from upstream's `requirement` text.
 */
function mapExpected(p: ExpectedPackage): ExpectedPackage {
  const meta = (p.metadata ?? {}) as { versionComparator?: string; requirement?: string };
  // "==1.0 trailing-text" is no single exact version: unresolved for us too.
  if ((meta.versionComparator === "==" || meta.versionComparator === "===") && !/\s/.test(p.version))
    return p;
  const spec = (meta.requirement ?? "")
    .split(";")[0]!
    .replace(/^[A-Za-z0-9._-]+\s*(\[[^\]]*\])?/, "")
    .split(",")
    .map((c) => c.trim().replace(/^(===|==|!=|~=|<=|>=|<|>)\s*/, "$1"))
    .filter((c) => c !== "")
    .join(",");
  return { ...p, version: spec };
}

const names = (r: Awaited<ReturnType<typeof requirementsExtractor.extract>>) =>
  r.packages.map((p) => `${p.name}@${p.version}${p.resolved ? "" : " (unresolved)"}`);

const suite = runLockfileSuite("python", "requirements", {
  strictCommit: true,
  extractor: () => requirementsExtractor,
  mapExpected,
  ordered: true,
  overrides: {
    "example.txt": {
      reason:
        "DISAGREEMENT: upstream drops urllib3 (pinned to a zip URL) and the wheel file/URL lines; we keep urllib3 as unresolved (version = the URL) and read name and version from the wheel file names",
      check: (r) => {
        assert.deepEqual(names(r), [
          "pytest@ (unresolved)",
          "pytest-cov@ (unresolved)",
          "beautifulsoup4@ (unresolved)",
          "docopt@0.6.1",
          "requests@>=2.8.1,==2.8.* (unresolved)",
          "urllib3@https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip (unresolved)",
          "keyring@>=4.1.1 (unresolved)",
          "coverage@!=3.5 (unresolved)",
          "Mopidy-Dirble@~=1.1 (unresolved)",
          "pandas@2.2.3",
          "numpy@1.9.2",
          "wxPython_Phoenix@3.0.3.dev1820+49a8884",
        ]);
        const pandas = r.packages.find((p) => p.name === "pandas")!;
        assert.deepEqual(pandas.locations, [
          { path: "example.txt", line: 21 },
          { path: "other-requirements.txt", line: 1 },
        ]);
        // constraints.txt is not in the fixture folder: said, not ignored
        assert.deepEqual(r.errors, [
          { path: "example.txt", line: 22, message: "cannot read the included file constraints.txt" },
        ]);
      },
    },
    "env_var.txt": {
      reason:
        "DISAGREEMENT: upstream drops qwert (its version is an environment variable); we keep it as unresolved",
      check: (r) =>
        assert.deepEqual(names(r), ["asdf@1.2", `qwert@==${"$"}{MY_VARIABLE_1} (unresolved)`, "another@1.0"]),
    },
    "invalid.txt": {
      reason:
        "upstream returns nothing; we report each unreadable line in errors, and the `urllib3 @ URL` line is a valid direct reference (unresolved)",
      check: (r) => {
        assert.deepEqual(names(r), [
          "urllib3@https://github.com/urllib3/urllib3/archive/refs/tags/==1.26.8.zip (unresolved)",
        ]);
        assert.deepEqual(
          (r.errors ?? []).map((e) => e.line),
          [1, 2, 3, 5],
        );
      },
    },
  },
});

test("requirements: hashes, extras and markers; -r loops end", async () => {
  const opts = await extractFixture(requirementsExtractor, suite, "per_req_options.txt");
  const foo9 = opts.packages.find((p) => p.name === "foo9")!;
  assert.deepEqual(foo9.hashes, ["sha256:123", "sha256:456"]);
  assert.equal(opts.packages.find((p) => p.name === "foo5")?.version, "1.0");
  assert.equal(opts.packages.find((p) => p.name === "foo7")?.resolved, false);
  const extras = await extractFixture(requirementsExtractor, suite, "extras.txt");
  assert.deepEqual(names(extras), ["pyjwt@2.1.0", "celery@4.4.7"]);
  const loop = await extractFixture(
    requirementsExtractor,
    loadLockfileSuite("python", "requirements"),
    "loop.txt",
  );
  assert.deepEqual(loop.packages, []);
});

test("requirements: -c constraints pin unpinned requirements; a missing -r is an error with its line", async () => {
  const files: Record<string, string> = { "constraints.txt": "requests==2.31.0\n" };
  const text = "requests\n-c constraints.txt\n-r missing.txt\nflask>=2\n";
  const r = await requirementsExtractor.extract({
    path: "requirements.txt",
    text,
    readFile: async (p) => files[p],
  });
  assert.deepEqual(names(r), ["requests@2.31.0", "flask@>=2 (unresolved)"]);
  assert.equal(r.packages[0]?.purl, "pkg:pypi/requests@2.31.0");
  assert.equal(r.packages[1]?.purl, "pkg:pypi/flask", "a range is no purl version");
  assert.deepEqual(r.errors, [
    { path: "requirements.txt", line: 3, message: "cannot read the included file missing.txt" },
  ]);
});

test("interpretSpec: only one exact pin is resolved", () => {
  assert.deepEqual(interpretSpec("== 1.2.3"), { version: "1.2.3", resolved: true });
  assert.deepEqual(interpretSpec("===foo-bar"), { version: "foo-bar", resolved: true });
  assert.deepEqual(interpretSpec("==1.*"), { version: "==1.*", resolved: false });
  assert.deepEqual(interpretSpec(">=1, <2"), { version: ">=1,<2", resolved: false });
  assert.deepEqual(interpretSpec("~=1.4"), { version: "~=1.4", resolved: false });
});

test("logicalLines joins continuations and keeps '#' inside tokens", () => {
  assert.deepEqual(logicalLines("a==1 \\\n  --hash=x#y # c\n# only comment\nb"), [
    { text: "a==1    --hash=x#y", line: 1 },
    { text: "b", line: 4 },
  ]);
});

test("requirements file names", () => {
  for (const yes of [
    "requirements.txt",
    "a/requirements-dev.txt",
    "dev-requirements.txt",
    "requirements/prod.txt",
    "test_requirements.txt",
  ]) {
    assert.ok(requirementsExtractor.matches(yes), yes);
  }
  for (const no of ["notes.txt", "requirements.in", "myrequirementsfile.txt"])
    assert.ok(!requirementsExtractor.matches(no), no);
});

test("pip-compile output: '# via' annotations give direct requirements and edges", async () => {
  const text = [
    "#",
    "# This file is autogenerated by pip-compile with Python 3.12",
    "#",
    "click==8.1.7",
    "    # via flask",
    "flask==3.0.0 \\",
    "    --hash=sha256:abc",
    "    # via -r requirements.in",
    "itsdangerous==2.1.2",
    "    # via",
    "    #   -r requirements.in",
    "    #   flask",
    "jinja2==3.1.2",
    "    # via flask, other",
  ].join("\n");
  const r = await requirementsExtractor.extract({
    path: "requirements.txt",
    text,
    readFile: async () => undefined,
  });
  const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
  assert.equal(by.flask?.direct, true);
  assert.equal(by.itsdangerous?.direct, true);
  assert.equal(by.click?.direct, false);
  assert.equal(by.jinja2?.direct, false);
  assert.deepEqual(by.flask?.dependencies, [
    "pkg:pypi/click@8.1.7",
    "pkg:pypi/itsdangerous@2.1.2",
    "pkg:pypi/jinja2@3.1.2",
  ]);
  const plain = await requirementsExtractor.extract({
    path: "r.txt",
    text: "flask==3.0.0\n",
    readFile: async () => undefined,
  });
  assert.equal(
    plain.packages[0]?.direct,
    true,
    "no annotations: a requirement line is what the project asks for",
  );
});
