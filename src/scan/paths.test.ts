import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { newPackage } from "../ecosystems/new-package.js";
import { inventory } from "../inventory/index.js";
import type { Package } from "../model/package.js";
import { corpusPath } from "../testing/corpus.js";
import { DependencyGraph, MAX_PATHS } from "./paths.js";

describe("DependencyGraph on a real lockfile (sigstore-js package-lock v3)", () => {
  let packages: Package[];
  let graph: DependencyGraph;
  before(async () => {
    packages = (await inventory([corpusPath("projects", "sigstore-js")])).packages;
    graph = new DependencyGraph(packages);
  });

  it("every path starts at a direct dependency, follows recorded edges and ends at the package", () => {
    const byPurl = new Map(packages.map((p) => [p.purl, p]));
    const transitive = packages.filter((p) => p.direct === false);
    assert.ok(transitive.length > 100);
    let withPaths = 0;
    for (const pkg of transitive) {
      const paths = graph.pathsTo(pkg.purl);
      assert.ok(paths.length <= MAX_PATHS);
      if (paths.length > 0) withPaths++;
      for (let i = 0; i < paths.length; i++) {
        const path = paths[i] as string[];
        assert.equal(byPurl.get(path[0] as string)?.direct, true, `${path[0]} is direct`);
        assert.equal(path.at(-1), pkg.purl);
        for (let j = 1; j < path.length; j++) {
          assert.ok(
            byPurl.get(path[j - 1] as string)?.dependencies.includes(path[j] as string),
            "edge exists",
          );
        }
        if (i > 0) assert.ok(path.length >= (paths[i - 1] as string[]).length, "shortest first");
      }
    }
    assert.ok(
      withPaths > transitive.length * 0.9,
      `${withPaths}/${transitive.length} transitive packages reachable`,
    );
  });

  it("a direct package's own path is itself", () => {
    const direct = packages.find((p) => p.direct);
    assert.ok(direct);
    assert.deepEqual(graph.pathsTo(direct.purl)[0], [direct.purl]);
  });
});

describe("DependencyGraph on hostile graphs", () => {
  const pkg = (name: string, deps: string[], direct = false) =>
    newPackage({
      ecosystem: "npm",
      name,
      version: "1.0.0",
      direct,
      dependencies: deps.map((d) => `pkg:npm/${d}@1.0.0`),
    });

  it("terminates on cycles and returns one path per direct root, shortest first", () => {
    const graph = new DependencyGraph([
      pkg("app-a", ["x"], true),
      pkg("app-b", ["y"], true),
      pkg("x", ["y"]),
      pkg("y", ["x", "z"]),
      pkg("z", ["y"]),
    ]);
    assert.deepEqual(graph.pathsTo("pkg:npm/z@1.0.0"), [
      ["pkg:npm/app-b@1.0.0", "pkg:npm/y@1.0.0", "pkg:npm/z@1.0.0"],
      ["pkg:npm/app-a@1.0.0", "pkg:npm/x@1.0.0", "pkg:npm/y@1.0.0", "pkg:npm/z@1.0.0"],
    ]);
  });

  it("caps the work on a huge graph (200,000 packages in a chain) and still answers", () => {
    const n = 200_000;
    const chain = Array.from({ length: n }, (_, i) => pkg(`p${i}`, i + 1 < n ? [`p${i + 1}`] : [], i === 0));
    const graph = new DependencyGraph(chain);
    const started = performance.now();
    assert.deepEqual(
      graph.pathsTo(`pkg:npm/p${n - 1}@1.0.0`),
      [],
      "root beyond the visit cap: no path, no hang",
    );
    assert.equal(graph.pathsTo("pkg:npm/p3@1.0.0")[0]?.length, 4);
    assert.ok(performance.now() - started < 1000);
  });
});
