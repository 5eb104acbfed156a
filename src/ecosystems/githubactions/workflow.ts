import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import { isRecord, requireRecord } from "../parse-text.js";
import { parseYamlText } from "../parse-yaml.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { parseUses } from "./action-reference.js";
import { WORKFLOW_FORMAT } from "./extractors.js";

const ECOSYSTEM = "GitHub Actions";
const USES_LINE = /^\s*(?:-\s+)?uses\s*:(.*)$/;

/**
 * GitHub Actions workflows (`.github/workflows/*.yml`) and action metadata (`action.yml`, composite actions):
 * every `uses:` of a job (reusable workflow) or step names an action "owner/repo" at a ref, with the line of
 * each use. Local (`./dir`) and `docker://` uses are not packages; malformed ones are reported.
 */
export const workflowExtractor: SyncExtractor = {
  ...WORKFLOW_FORMAT,
  extract: extractWorkflow,
};

function extractWorkflow(input: ExtractInput): ExtractResult {
  const { path } = input;
  const text = normalizeLineBreaks(input.text); // YAML ends lines at CR LF and lone CR too
  if (text.trim() === "") {
    throw new ExtractError("could not extract: the file is empty, expected a GitHub Actions workflow");
  }
  const doc = requireRecord(parseYamlText(text, "GitHub Actions workflow"), "GitHub Actions workflow");
  const errors: InventoryError[] = [];
  const uses = usesValues(path, doc, errors);
  const lines = usesLines(text);
  const byKey = new Map<string, Package>();
  let cursor = 0;
  for (const value of uses) {
    const at = lines.findIndex((l, i) => i >= cursor && l.value === value);
    const line = at >= 0 ? lines[at]!.line : undefined;
    if (at >= 0) cursor = at + 1;
    const ref = parseUses(value);
    if (ref.kind === "invalid") {
      errors.push({ path, line, message: `uses: "${value}" is ${ref.reason}: not checked` });
      continue;
    }
    if (ref.kind !== "action") continue;
    const key = `${ref.name.toLowerCase()}@${ref.ref}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.locations.push({ path, line });
      continue;
    }
    byKey.set(
      key,
      newPackage({
        ecosystem: ECOSYSTEM,
        name: ref.name,
        version: ref.ref,
        direct: true,
        locations: [{ path, line }],
        ...(ref.commit ? { commit: ref.commit } : {}),
      }),
    );
  }
  const packages = [...byKey.values()];
  return errors.length > 0 ? { packages, errors } : { packages };
}

/** `uses` values in document order: jobs' reusable workflows and steps (workflows), runs.steps (actions). */
function usesValues(path: string, doc: Record<string, unknown>, errors: InventoryError[]): string[] {
  const values: string[] = [];
  const addSteps = (steps: unknown, where: string) => {
    if (steps === undefined) return;
    if (!Array.isArray(steps)) {
      errors.push({ path, message: `${where}.steps is not a list` });
      return;
    }
    steps.forEach((step, i) => {
      if (!isRecord(step)) errors.push({ path, message: `${where}.steps[${i}] is not a mapping: not read` });
      else if (typeof step.uses === "string") values.push(step.uses);
    });
  };
  if (doc.jobs !== undefined && doc.jobs !== null) {
    if (!isRecord(doc.jobs)) throw new ExtractError('"jobs" is not a mapping of job ids to jobs');
    for (const [id, job] of Object.entries(doc.jobs)) {
      if (!isRecord(job)) {
        errors.push({ path, message: `jobs.${id} is not a mapping: not read` });
        continue;
      }
      if (typeof job.uses === "string") values.push(job.uses);
      addSteps(job.steps, `jobs.${id}`);
    }
  }
  if (isRecord(doc.runs)) addSteps(doc.runs.steps, "runs");
  return values;
}

/** Every `uses:` line of the text with its (unquoted) value, to give each use its line. */
function usesLines(text: string): { line: number; value: string }[] {
  const found: { line: number; value: string }[] = [];
  text.split("\n").forEach((content, i) => {
    const match = USES_LINE.exec(content);
    if (!match) return;
    const raw = match[1]!.replace(/\s#.*$/, "").trim();
    const value = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
    found.push({ line: i + 1, value });
  });
  return found;
}
