import { compareDigits, compareStrings, stripLeadingZeros } from "../generic-version.js";
import type { VersionScheme } from "../types.js";
import { defineVersionScheme } from "../version-scheme.js";

/**
 * ConanCenter versions ordered as Conan 2's `conan.internal.model.version.Version`: `main[-pre][+build]`;
 * the parts of each are split at `.`, digits compare as integers, words as strings, and an integer meets
 * a word as its decimal string; trailing zero parts of the main version are ignored (`1.0` = `1`); a
 * pre-release sorts before its release; a build sorts after the version without one.
 */
export interface ConanVersion {
  /** Main parts without trailing zeros; integers as digit strings without leading zeros. */
  items: ConanItem[];
  pre?: ConanVersion;
  build?: ConanVersion;
}

interface ConanItem {
  value: string;
  integer: boolean;
}

function parseItems(text: string): ConanItem[] {
  return text.split(".").map((part) => {
    const integer = /^\d+$/.test(part);
    return { value: integer ? stripLeadingZeros(part) : part, integer };
  });
}

function withoutTrailingZeros(items: ConanItem[]): ConanItem[] {
  let end = items.length;
  while (end > 0 && items[end - 1]!.integer && items[end - 1]!.value === "0") end--;
  return items.slice(0, end);
}

/** Parses `main[-pre][+build]` (the build after the last `+`, the pre-release after the first `-`). */
export function parseConanVersion(version: string): ConanVersion | undefined {
  const v = version.trim();
  if (v === "" || /\s/.test(v)) return undefined;
  const plus = v.lastIndexOf("+");
  const beforeBuild = plus < 0 ? v : v.slice(0, plus);
  const dash = beforeBuild.indexOf("-");
  const main = dash < 0 ? beforeBuild : beforeBuild.slice(0, dash);
  const parsed: ConanVersion = { items: withoutTrailingZeros(parseItems(main)) };
  if (dash >= 0) parsed.pre = { items: withoutTrailingZeros(parseItems(beforeBuild.slice(dash + 1))) };
  if (plus >= 0) parsed.build = { items: withoutTrailingZeros(parseItems(v.slice(plus + 1))) };
  return parsed;
}

function compareItem(a: ConanItem, b: ConanItem): number {
  if (a.integer && b.integer) return compareDigits(a.value, b.value);
  if (a.integer === b.integer) return compareStrings(a.value, b.value);
  // Python raises TypeError for int < str; Conan then compares str(int) with the string
  const c = compareStrings(a.value, b.value);
  // an int never equals a str in Conan, so a tie on text still orders them consistently
  return c !== 0 ? c : a.integer ? -1 : 1;
}

function compareItems(a: readonly ConanItem[], b: readonly ConanItem[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareItem(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** A missing part sorts before a present one (`None < Version` in Conan's tuple comparison). */
function compareOptional(a: ConanVersion | undefined, b: ConanVersion | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareConanVersions(a, b);
}

export function compareConanVersions(a: ConanVersion, b: ConanVersion): number {
  const main = compareItems(a.items, b.items);
  if (main !== 0) return main;
  if ((a.pre === undefined) !== (b.pre === undefined)) return a.pre === undefined ? 1 : -1;
  return compareOptional(a.pre, b.pre) || compareOptional(a.build, b.build);
}

export const versions: VersionScheme = defineVersionScheme({
  parse: parseConanVersion,
  compare: compareConanVersions,
});
