import type { VersionScheme } from "./types.js";

/**
 * The fallback ordering for versions no scheme can parse and for ecosystems Bulwark has no scheme for:
 * split into runs of digits and of other characters; digit runs compare numerically, other runs by code
 * point; a missing run sorts first. Deterministic and total, never throws.
 */
export function compareGeneric(a: string, b: string): number {
  const ta = tokenize(a);
  const tb = tokenize(b);
  for (let i = 0; i < Math.max(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    let c: number;
    if (nx && ny) c = compareDigits(x, y);
    else if (nx !== ny) c = nx ? 1 : -1;
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}

function tokenize(v: string): string[] {
  return v.match(/\d+|[^\d.\-_+~]+/g) ?? [];
}

/** Compares digit strings of any length without losing precision. */
export function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, "");
  const b = y.replace(/^0+(?=\d)/, "");
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const genericVersions: VersionScheme = {
  compare: compareGeneric,
  isValid: (v) => v.length > 0,
};
