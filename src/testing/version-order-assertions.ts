import assert from "node:assert/strict";
import type { VersionScheme } from "../ecosystems/types.js";

const WORD: Record<string, string> = { "-1": "<", "0": "=", "1": ">" };

function check(scheme: VersionScheme, a: string, b: string, expected: -1 | 0 | 1): void {
  const forward = Math.sign(scheme.compare(a, b));
  const backward = Math.sign(scheme.compare(b, a));
  assert.ok(
    forward === expected && backward === -expected,
    `expected ${a} ${WORD[expected]} ${b}; got ${a} ${WORD[forward]} ${b} and ${b} ${WORD[backward]} ${a}`,
  );
}

/**
 * Asserts that every version sorts strictly before every later one, in both directions (for tests of the
 * per-ecosystem version schemes).
 */
export function assertAscending(scheme: VersionScheme, versions: readonly string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = i + 1; j < versions.length; j++) check(scheme, versions[i]!, versions[j]!, -1);
  }
}

/** Asserts that all the versions compare equal to each other, in both directions. */
export function assertEquivalent(scheme: VersionScheme, versions: readonly string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = i + 1; j < versions.length; j++) check(scheme, versions[i]!, versions[j]!, 0);
  }
}
