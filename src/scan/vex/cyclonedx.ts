import { OPENVEX_JUSTIFICATION_OF } from "../../model/vex-vocabulary.js";
import { VexError } from "../errors.js";
import type { VexStatement, VexStatus } from "./types.js";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a parsed JSON document is a CycloneDX document. */
export function isCycloneDx(doc: unknown): boolean {
  return isObject(doc) && doc.bomFormat === "CycloneDX";
}

/**
 * CycloneDX analysis states in OpenVEX terms: `resolved` (and `resolved_with_pedigree`) mean fixed;
 * `false_positive` means the component is not affected; `exploitable` means affected; `in_triage` means
 * under investigation.
 */
const STATES: Record<string, VexStatus> = {
  not_affected: "not_affected",
  false_positive: "not_affected",
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  exploitable: "affected",
  in_triage: "under_investigation",
};

/** bom-ref -> purl for every component of the document, nested ones included. */
function purlsByRef(doc: Json): Map<string, string> {
  const map = new Map<string, string>();
  const visit = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components) {
      if (!isObject(c)) continue;
      if (typeof c["bom-ref"] === "string" && typeof c.purl === "string") map.set(c["bom-ref"], c.purl);
      visit(c.components);
    }
  };
  if (isObject(doc.metadata)) visit([doc.metadata.component]);
  visit(doc.components);
  return map;
}

/** A ref as a purl: itself when it is one, the component it names (bom-ref or BOM-Link fragment), else as given. */
function resolveRef(ref: string, refs: Map<string, string>): string {
  if (ref.startsWith("pkg:")) return ref;
  const direct = refs.get(ref);
  if (direct) return direct;
  const hash = ref.indexOf("#");
  if (ref.startsWith("urn:cdx:") && hash >= 0)
    return refs.get(decodeURIComponent(ref.slice(hash + 1))) ?? ref;
  return ref;
}

/** Reads the analysed vulnerabilities of a CycloneDX (JSON) VEX document as statements. */
export function parseCycloneDxVex(doc: Json, source: string): Omit<VexStatement, "order">[] {
  const vulns = doc.vulnerabilities;
  if (vulns === undefined) return [];
  if (!Array.isArray(vulns)) throw new VexError(`${source}: CycloneDX "vulnerabilities" is not an array`);
  const refs = purlsByRef(doc);
  const docTime =
    isObject(doc.metadata) && typeof doc.metadata.timestamp === "string"
      ? Date.parse(doc.metadata.timestamp) || 0
      : 0;
  const statements: Omit<VexStatement, "order">[] = [];
  vulns.forEach((v, i) => {
    const where = `${source}: vulnerabilities[${i}]`;
    if (!isObject(v)) throw new VexError(`${where} is not an object`);
    if (typeof v.id !== "string") throw new VexError(`${where} has no id`);
    const analysis = v.analysis;
    // A vulnerability without analysis is an inventory entry, not a VEX statement.
    if (analysis === undefined) return;
    if (!isObject(analysis) || typeof analysis.state !== "string" || !(analysis.state in STATES)) {
      throw new VexError(`${where} has an invalid analysis.state`, {
        hint: `CycloneDX states are ${Object.keys(STATES).join(", ")}`,
      });
    }
    const ids = [v.id];
    if (Array.isArray(v.references)) {
      for (const r of v.references) if (isObject(r) && typeof r.id === "string") ids.push(r.id);
    }
    if (!Array.isArray(v.affects) || v.affects.length === 0) {
      throw new VexError(`${where} has no "affects" entries`, {
        hint: "name the component with affects[].ref",
      });
    }
    const products = v.affects
      .map((a) => (isObject(a) && typeof a.ref === "string" ? resolveRef(a.ref, refs) : undefined))
      .filter((p): p is string => p !== undefined);
    const reason = [analysis.justification, analysis.detail]
      .filter((s): s is string => typeof s === "string" && s.length > 0)
      .join(": ");
    const updated = typeof analysis.lastUpdated === "string" ? Date.parse(analysis.lastUpdated) || 0 : 0;
    statements.push({
      ids,
      products,
      status: STATES[analysis.state] as VexStatus,
      reason: reason || analysis.state,
      ...(typeof analysis.justification === "string" && OPENVEX_JUSTIFICATION_OF[analysis.justification]
        ? { justification: OPENVEX_JUSTIFICATION_OF[analysis.justification] }
        : {}),
      source,
      timestamp: updated || docTime,
    });
  });
  return statements;
}
