import { VexError } from "../errors.js";
import type { VexStatement, VexStatus } from "./types.js";

const STATUSES: ReadonlySet<string> = new Set(["not_affected", "affected", "fixed", "under_investigation"]);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a parsed JSON document is an OpenVEX document (its `@context` is an openvex.dev namespace). */
export function isOpenVex(doc: unknown): boolean {
  return (
    isObject(doc) &&
    typeof doc["@context"] === "string" &&
    doc["@context"].startsWith("https://openvex.dev/ns")
  );
}

function time(value: unknown): number {
  if (typeof value !== "string") return 0;
  const t = Date.parse(value);
  return Number.isNaN(t) ? 0 : t;
}

/** The ids a product or subcomponent entry names: its `@id` and its purl identifier. */
function componentIds(entry: unknown): string[] {
  if (typeof entry === "string") return [entry];
  if (!isObject(entry)) return [];
  const ids: string[] = [];
  if (typeof entry["@id"] === "string") ids.push(entry["@id"]);
  const identifiers = entry.identifiers;
  if (isObject(identifiers) && typeof identifiers.purl === "string") ids.push(identifiers.purl);
  return ids;
}

/**
 * The packages a statement is about: the subcomponents of its products where it lists them (the product is
 * then the whole application), else the products themselves.
 */
function productIds(products: unknown[]): string[] {
  const ids: string[] = [];
  for (const product of products) {
    const subs = isObject(product) && Array.isArray(product.subcomponents) ? product.subcomponents : [];
    if (subs.length > 0) for (const sub of subs) ids.push(...componentIds(sub));
    else ids.push(...componentIds(product));
  }
  return ids;
}

/** Reads the statements of an OpenVEX (v0.2.0; v0.0.x string forms accepted) document. */
export function parseOpenVex(doc: Json, source: string): Omit<VexStatement, "order">[] {
  const statements = doc.statements;
  if (!Array.isArray(statements)) {
    throw new VexError(`${source}: OpenVEX document has no "statements" array`, {
      hint: "see https://github.com/openvex/spec for the format",
    });
  }
  const docTime = time(doc.last_updated) || time(doc.timestamp);
  return statements.map((raw, i) => {
    const where = `${source}: statements[${i}]`;
    if (!isObject(raw)) throw new VexError(`${where} is not an object`);
    const vuln = raw.vulnerability;
    const ids: string[] = [];
    if (typeof vuln === "string") ids.push(vuln);
    else if (isObject(vuln)) {
      if (typeof vuln.name === "string") ids.push(vuln.name);
      if (Array.isArray(vuln.aliases))
        ids.push(...vuln.aliases.filter((a): a is string => typeof a === "string"));
    }
    if (ids.length === 0) throw new VexError(`${where} has no vulnerability name`);
    const status = raw.status;
    if (typeof status !== "string" || !STATUSES.has(status)) {
      throw new VexError(`${where} has an invalid status ${JSON.stringify(status)}`, {
        hint: "OpenVEX statuses are not_affected, affected, fixed and under_investigation",
      });
    }
    if (!Array.isArray(raw.products) || raw.products.length === 0) {
      throw new VexError(`${where} names no products`, { hint: "add products with purls as @id" });
    }
    const reason = [raw.justification, raw.impact_statement, raw.status_notes]
      .filter((s): s is string => typeof s === "string" && s.length > 0)
      .join(": ");
    return {
      ids,
      products: productIds(raw.products),
      status: status as VexStatus,
      reason: reason || status,
      ...(typeof raw.justification === "string" && raw.justification
        ? { justification: raw.justification }
        : {}),
      source,
      timestamp: time(raw.last_updated) || time(raw.timestamp) || docTime,
    };
  });
}
