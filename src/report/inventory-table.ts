import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { paint } from "./ansi.js";

const MAX_CELL = 60;

function cell(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 1)}…` : oneLine;
}

function location(p: Package): string {
  const first = p.locations[0];
  if (!first) return "-";
  const text = first.line ? `${first.path}:${first.line}` : first.path;
  return p.locations.length > 1 ? `${text} (+${p.locations.length - 1})` : text;
}

function relation(p: Package): string {
  return p.direct === true ? "direct" : p.direct === false ? "transitive" : "-";
}

/**
 * The terminal view of an inventory: one row per package (ecosystem, name, version, direct/transitive,
 * groups, first location), a summary line, then the files that could not be read. Unresolved ranges are
 * marked "(range)" after the version.
 */
export function renderInventoryTable(inventory: Inventory, options: { color: boolean }): string {
  const { color } = options;
  const out: string[] = [];
  if (inventory.packages.length > 0) {
    const rows = [["ECOSYSTEM", "NAME", "VERSION", "DEPENDENCY", "GROUPS", "LOCATION"]];
    for (const p of inventory.packages) {
      const version = p.version || (p.commit ? `#${p.commit.slice(0, 12)}` : "-");
      rows.push([
        p.ecosystem,
        cell(p.name),
        cell(p.resolved ? version : `${version} (range)`),
        relation(p),
        p.groups.join(",") || "-",
        location(p),
      ]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    rows.forEach((r, ri) => {
      const line = r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd();
      out.push(ri === 0 ? paint(line, "bold", color) : line);
    });
    out.push("");
  }
  out.push(summaryLine(inventory));
  if (inventory.errors.length > 0) {
    out.push("", paint(`Could not read (${inventory.errors.length}):`, "warn", color));
    for (const e of inventory.errors) out.push(`  ${e.line ? `${e.path}:${e.line}` : e.path}: ${e.message}`);
  }
  return `${out.join("\n")}\n`;
}

/** "1,445 packages (12 direct, 1,433 transitive, 0 unresolved) in 1 ecosystem from 2 files; 0 errors". */
export function summaryLine(inventory: Inventory): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const ps = inventory.packages;
  const direct = ps.filter((p) => p.direct === true).length;
  const transitive = ps.filter((p) => p.direct === false).length;
  const unresolved = ps.filter((p) => !p.resolved).length;
  const ecosystems = new Set(ps.map((p) => p.ecosystem)).size;
  const files = new Set(inventory.sources.map((s) => s.path)).size;
  const plural = (x: number, word: string) => `${n(x)} ${word}${x === 1 ? "" : "s"}`;
  return (
    `${plural(ps.length, "package")} (${n(direct)} direct, ${n(transitive)} transitive, ${n(unresolved)} unresolved) ` +
    `in ${plural(ecosystems, "ecosystem")} from ${plural(files, "file")}; ${plural(inventory.errors.length, "error")}`
  );
}
