import { readTextFile } from "../../inventory/disk-source.js";
import type { Finding, Suppression } from "../../model/finding.js";
import { VexError } from "../errors.js";
import { idsMatch, purlMatches } from "../purl-match.js";
import { isCycloneDx, parseCycloneDxVex } from "./cyclonedx.js";
import { isOpenVex, parseOpenVex } from "./openvex.js";
import { SUPPRESSING_STATUSES, type VexStatement } from "./types.js";

export type { VexStatement, VexStatus } from "./types.js";

/** VEX files larger than this are refused rather than read into memory. */
const MAX_VEX_BYTES = 64 * 1024 * 1024;

/** Parses one VEX document's text (OpenVEX or CycloneDX JSON); `source` names it in errors. */
export function parseVex(text: string, source: string): Omit<VexStatement, "order">[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new VexError(`${source}: not valid JSON (${(error as Error).message})`, {
      details: { path: source },
    });
  }
  if (isOpenVex(doc)) return parseOpenVex(doc as Record<string, unknown>, source);
  if (isCycloneDx(doc)) return parseCycloneDxVex(doc as Record<string, unknown>, source);
  throw new VexError(`${source}: neither an OpenVEX nor a CycloneDX document`, {
    hint: 'OpenVEX documents have "@context": "https://openvex.dev/ns/v0.2.0"; CycloneDX ones "bomFormat": "CycloneDX"',
  });
}

/** Reads VEX files; throws VexError naming the first file that cannot be read or understood. */
export async function loadVex(files: readonly string[]): Promise<VexStatement[]> {
  const all: VexStatement[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readTextFile(file, MAX_VEX_BYTES); // the size is checked before anything is read
    } catch (error) {
      throw new VexError(`cannot read VEX file ${file}: ${(error as Error).message}`, {
        code: "INPUT_UNREADABLE",
        details: { path: file },
      });
    }
    for (const s of parseVex(text, file)) all.push({ ...s, order: all.length });
  }
  return all;
}

/**
 * The VEX verdict on a finding: among statements naming its vulnerability (id or any alias) and its
 * package, the latest one wins (OpenVEX semantics); it suppresses when it says not_affected or fixed.
 */
export function vexSuppression(
  finding: Finding,
  statements: readonly VexStatement[],
): Suppression | undefined {
  let latest: VexStatement | undefined;
  for (const s of statements) {
    if (!idsMatch(s.ids, finding)) continue;
    if (!s.products.some((p) => purlMatches(p, finding.package.purl))) continue;
    if (
      !latest ||
      s.timestamp > latest.timestamp ||
      (s.timestamp === latest.timestamp && s.order > latest.order)
    ) {
      latest = s;
    }
  }
  if (!latest || !SUPPRESSING_STATUSES.has(latest.status)) return undefined;
  return {
    by: "vex",
    reason: `${latest.status}: ${latest.reason}`.replace(/^(\w+): \1$/, "$1"),
    source: latest.source,
    status: latest.status,
    ...(latest.justification ? { justification: latest.justification } : {}),
  };
}
