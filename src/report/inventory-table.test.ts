import assert from "node:assert/strict";
import { test } from "node:test";
import { newPackage } from "../ecosystems/new-package.js";
import type { Inventory } from "../model/inventory.js";
import { renderInventoryTable, summaryLine } from "./inventory-table.js";

const inventory: Inventory = {
  packages: [
    newPackage({
      ecosystem: "npm",
      name: "left-pad",
      version: "1.3.0",
      direct: true,
      locations: [
        { path: "a/package-lock.json", line: 12 },
        { path: "b/package-lock.json", line: 3 },
      ],
    }),
    newPackage({
      ecosystem: "npm",
      name: "git-dep",
      version: "",
      commit: "0123456789abcdef0123",
      direct: false,
      groups: ["dev"],
      locations: [{ path: "a/package-lock.json" }],
    }),
    newPackage({
      ecosystem: "PyPI",
      name: "flask",
      version: ">=2",
      resolved: false,
      locations: [{ path: "requirements.txt", line: 4 }],
    }),
  ],
  sources: [
    { path: "a/package-lock.json", format: "package-lock.json" },
    { path: "b/package-lock.json", format: "package-lock.json" },
    { path: "requirements.txt", format: "requirements.txt" },
  ],
  errors: [
    { path: "poetry.lock", line: 7, message: "poetry.lock: could not extract: not valid TOML at line 7" },
  ],
};

test("inventory table: one aligned row per package, markers for ranges, commits and extra locations", () => {
  const lines = renderInventoryTable(inventory, { color: false }).split("\n");
  assert.match(lines[0]!, /^ECOSYSTEM\s+NAME\s+VERSION\s+DEPENDENCY\s+GROUPS\s+LOCATION$/);
  assert.match(lines[1]!, /^npm\s+left-pad\s+1\.3\.0\s+direct\s+-\s+a\/package-lock\.json:12 \(\+1\)$/);
  assert.match(lines[2]!, /^npm\s+git-dep\s+#0123456789ab\s+transitive\s+dev\s+a\/package-lock\.json$/);
  assert.match(lines[3]!, /^PyPI\s+flask\s+>=2 \(range\)\s+-\s+-\s+requirements\.txt:4$/);
  assert.equal(lines[1]!.indexOf("direct"), lines[0]!.indexOf("DEPENDENCY"), "columns aligned");
  assert.ok(lines.includes("Could not read (1):"));
  assert.ok(lines.includes("  poetry.lock:7: poetry.lock: could not extract: not valid TOML at line 7"));
});

test("summary line counts packages, relations, ranges, ecosystems, files and errors", () => {
  assert.equal(
    summaryLine(inventory),
    "3 packages (1 direct, 1 transitive, 1 unresolved) in 2 ecosystems from 3 files; 1 error",
  );
  assert.equal(
    summaryLine({ packages: [], sources: [], errors: [] }),
    "0 packages (0 direct, 0 transitive, 0 unresolved) in 0 ecosystems from 0 files; 0 errors",
  );
});

test("colour only when asked", () => {
  assert.ok(!renderInventoryTable(inventory, { color: false }).includes("\u001b["));
  assert.ok(renderInventoryTable(inventory, { color: true }).includes("\u001b[1m"));
});

test("fitted to a width: names and locations cut, versions whole; whole rows without a width", () => {
  const long: Inventory = structuredClone(inventory);
  long.packages[0]!.name = "@dependency-track/a-rather-long-scoped-package-name-for-the-table";
  long.packages[0]!.locations = [
    { path: "services/frontend/very/deep/folder/package-lock.json", line: 4812 },
  ];
  const fitted = renderInventoryTable(long, { color: false, width: 80 }).split("\n").slice(0, 4);
  for (const line of fitted) assert.ok(line.length <= 80, line);
  assert.match(fitted[1]!, /^npm\s+@dependency-\S*…\s+1\.3\.0\s+direct\s+-\s+…\S*lock\.json:4812$/);
  assert.match(fitted[3]!, /\s>=2 \(range\)\s/);
  const whole = renderInventoryTable(long, { color: false }).split("\n");
  assert.ok(whole[1]!.includes(long.packages[0]!.name) && whole[1]!.length > 80);
});
