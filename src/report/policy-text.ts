import type { PolicyOutcome } from "../model/policy.js";

/** Where a subject is, in words: `GHSA-x in pkg:npm/a@1`, `pkg:npm/a@1`, `the project`. */
function subjectText(v: PolicyOutcome["violations"][number]): string {
  const s = v.subject;
  if (s.kind === "finding") return `${s.id} ${s.purl}`;
  if (s.kind === "package") return s.purl;
  return s.name ? `project ${s.name}` : "the project";
}

/**
 * A policy outcome as plain text for a terminal or a log: a summary line, one block per violation (level,
 * rule, what, where), then the notes. `clean` strips control characters from values read from inputs.
 */
export function renderPolicyText(outcome: PolicyOutcome): string {
  const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
  const { fail, warn, info } = outcome.counts;
  const lines = [`POLICY ${clean(outcome.policy)}: ${fail} fail, ${warn} warn, ${info} info`];
  const order = { fail: 0, warn: 1, info: 2 } as const;
  const sorted = [...outcome.violations].sort((a, b) => order[a.level] - order[b.level]);
  for (const v of sorted) {
    const where = v.locations?.[0];
    lines.push(
      `  ${v.level.toUpperCase().padEnd(4)}  ${clean(v.rule)}: ${clean(subjectText(v))}${where ? ` (${clean(where.path)}${where.line ? `:${where.line}` : ""})` : ""}`,
      `        ${clean(v.message)}`,
    );
  }
  for (const note of outcome.notes) lines.push(`  note: ${clean(note)}`);
  return `${lines.join("\n")}\n`;
}
