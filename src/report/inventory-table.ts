import type { Inventory } from "../model/inventory.js";
import type { Package } from "../model/package.js";
import { paint } from "./ansi.js";
import { tableCell as cell, layoutTable } from "./columns.js";
import { terminalText } from "./terminal-text.js";

/** Columns cut first when a row is too wide: name, groups and location (never the version). */
const SHRINKABLE = [1, 4, 5];

/** How to draw the inventory table. */
export interface InventoryTableOptions {
  /** ANSI colour (a terminal only). */
  color: boolean;
  /** Cut long cells so that rows fit this many columns; undefined = full rows (not a terminal, `--wide`). */
  width?: number;
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
 * marked "(range)" after the version. Names and paths are escaped for the terminal; with a width, long
 * cells are cut.
 */
export function renderInventoryTable(inventory: Inventory, options: InventoryTableOptions): string {
  const { color } = options;
  const out: string[] = [];
  if (inventory.packages.length > 0) {
    const rows = [["ECOSYSTEM", "NAME", "VERSION", "DEPENDENCY", "GROUPS", "LOCATION"]];
    for (const p of inventory.packages) {
      const version = p.version || (p.commit ? `#${p.commit.slice(0, 12)}` : "-");
      rows.push([
        cell(p.ecosystem),
        cell(p.name),
        cell(p.resolved ? version : `${version} (range)`),
        relation(p),
        cell(p.groups.join(",") || "-"),
        cell(location(p)),
      ]);
    }
    const lines = layoutTable(rows, { width: options.width, shrinkable: SHRINKABLE, keepEnd: [5] });
    out.push(...lines.map((line, ri) => (ri === 0 ? paint(line, "bold", color) : line)), "");
  }
  out.push(summaryLine(inventory));
  if (inventory.errors.length > 0) {
    out.push("", paint(`Could not read (${inventory.errors.length}):`, "warn", color));
    for (const e of inventory.errors)
      out.push(`  ${terminalText(`${e.line ? `${e.path}:${e.line}` : e.path}: ${e.message}`)}`);
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
