import { terminalText } from "./terminal-text.js";

// Columns a terminal draws two cells wide (East Asian wide and fullwidth forms, most emoji) and marks drawn
// on the previous character. A small approximation of Unicode's East Asian Width: enough to keep CJK
// summaries and package names aligned, without a dependency.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200d\ufeff]/u;

/** Separator between two columns. */
const GAP = "  ";
/** A cut column keeps at least this many cells (its start and an ellipsis). */
const MIN_CUT_WIDTH = 6;

/** Untrusted text (record fields, file names) as one terminal-safe cell: whitespace runs become one space. */
export function tableCell(text: string): string {
  return terminalText(text.replace(/\s+/g, " ").trim());
}

/** How many terminal cells a text of one line takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  return WIDE.test(char) ? 2 : 1;
}

/** The text cut to `width` cells, ending with "…" when something was left out (or starting with it: `fromStart`). */
export function cutToWidth(text: string, width: number, fromStart = false): string {
  if (displayWidth(text) <= width) return text;
  const chars = Array.from(text);
  if (fromStart) chars.reverse();
  let kept: string[] = [];
  let used = 0;
  for (const char of chars) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    kept.push(char);
    used += w;
  }
  if (fromStart) kept = kept.reverse();
  return fromStart ? `…${kept.join("")}` : `${kept.join("")}…`;
}

/** How to lay out a table. */
export interface ColumnLayout {
  /** The terminal's width in cells; undefined = no limit (not a terminal, or `--wide`). */
  width?: number;
  /** Indexes of the columns that may be cut to fit (long free text); the others are always whole. */
  shrinkable: readonly number[];
  /** Of those, the columns cut at their start, keeping the end (file:line of a path). */
  keepEnd?: readonly number[];
}

/**
 * The widths `demand` gets from `budget`: each column as wide as it asks, up to one common cap (the largest
 * that fits), never below its floor; cells left over go to the columns still short, left to right.
 */
function waterFill(demand: number[], floor: number[], budget: number): number[] {
  const at = (cap: number) => demand.map((d, k) => Math.max(floor[k]!, Math.min(d, cap)));
  const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0);
  let low = 0;
  let high = Math.max(0, ...demand);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sum(at(mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  const widths = at(low);
  let spare = budget - sum(widths);
  for (let k = 0; k < widths.length && spare > 0; k++) {
    if (widths[k]! < demand[k]!) {
      widths[k]!++;
      spare--;
    }
  }
  return widths;
}

/** The width 9 in 10 of a column's cells fit in (never below its header's). */
function comfortableWidth(rows: readonly (readonly string[])[], column: number): number {
  const widths = rows
    .slice(1)
    .map((r) => displayWidth(r[column] ?? ""))
    .sort((a, b) => a - b);
  const p90 = widths[Math.min(widths.length - 1, Math.ceil(widths.length * 0.9) - 1)] ?? 0;
  return Math.max(displayWidth(rows[0]?.[column] ?? ""), p90);
}

/**
 * The width of each column. Without a limit, or when the rows fit, each column is as wide as its widest
 * cell. Otherwise only the shrinkable columns are narrowed: first each down to the width 9 in 10 of its
 * cells need (an outlier does not claim room the others need), then, if that is still too wide, the widest
 * of them further, keeping at least a few cells each (so on a very narrow terminal lines may stay longer).
 */
export function columnWidths(rows: readonly (readonly string[])[], layout: ColumnLayout): number[] {
  const count = Math.max(0, ...rows.map((r) => r.length));
  const natural = Array.from({ length: count }, (_, i) =>
    Math.max(0, ...rows.map((r) => displayWidth(r[i] ?? ""))),
  );
  const total = natural.reduce((a, b) => a + b, 0) + GAP.length * Math.max(0, count - 1);
  if (layout.width === undefined || total <= layout.width) return natural;
  const shrinkable = layout.shrinkable.filter((i) => i < count);
  const fixed = total - shrinkable.reduce((sum, i) => sum + natural[i]!, 0);
  const budget = layout.width - fixed;
  const need = shrinkable.map((i) => natural[i]!);
  const floor = shrinkable.map((i) => Math.min(natural[i]!, MIN_CUT_WIDTH));
  const comfortable = shrinkable.map((i, k) =>
    Math.max(floor[k]!, Math.min(natural[i]!, comfortableWidth(rows, i))),
  );
  const widths =
    comfortable.reduce((a, b) => a + b, 0) <= budget
      ? waterFill(need, comfortable, budget)
      : waterFill(comfortable, floor, budget);
  const result = [...natural];
  shrinkable.forEach((i, k) => {
    result[i] = widths[k]!;
  });
  return result;
}

/**
 * Aligned lines of a table: each cell cut to its column's width (see `columnWidths`) and padded, columns
 * separated by two spaces, no trailing spaces. Cells must be one line of terminal-safe text (see
 * `terminalText`); `style` may colour a cell after padding (ANSI codes take no room on the terminal).
 */
export function layoutTable(
  rows: readonly (readonly string[])[],
  layout: ColumnLayout,
  style: (row: number, column: number, text: string) => string = (_r, _c, text) => text,
): string[] {
  const widths = columnWidths(rows, layout);
  return rows.map((row, ri) =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const cut = cutToWidth(cell, width, layout.keepEnd?.includes(i));
        const padded = i === row.length - 1 ? cut : cut + " ".repeat(Math.max(0, width - displayWidth(cut)));
        return style(ri, i, padded);
      })
      .join(GAP)
      .trimEnd(),
  );
}
