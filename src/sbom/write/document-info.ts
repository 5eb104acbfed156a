import { createHash, randomUUID } from "node:crypto";
import type { Inventory } from "../../model/inventory.js";
import { VERSION } from "../../version.js";

/** What every generated document says about itself. */
export interface DocumentInfo {
  /** Name of the described project (the scanned folder's name). */
  name: string;
  /** ISO timestamp: the reproducible build time when given, else now. */
  timestamp: string;
  /** Unique id of this document. */
  uuid: string;
  toolName: "bulwark";
  toolVersion: string;
}

/** How a document is dated: now (default) or at a fixed time for reproducible builds. */
export interface DocumentDating {
  /**
   * Seconds since the epoch (SOURCE_DATE_EPOCH, which the caller reads from the environment). When given,
   * the document is reproducible: this timestamp, and an id derived from the name, the time and the
   * inventory instead of a random one.
   */
  sourceDateEpoch?: number;
}

/** The document's name, time and id for an inventory. */
export function documentInfo(name: string, inventory: Inventory, dating: DocumentDating = {}): DocumentInfo {
  const epoch = dating.sourceDateEpoch;
  const reproducible = epoch !== undefined && Number.isFinite(epoch);
  const date = reproducible ? new Date(epoch * 1000) : new Date();
  return {
    name,
    timestamp: date.toISOString().replace(/\.\d{3}Z$/, "Z"),
    uuid: reproducible ? contentUuid(name, epoch, inventory) : randomUUID(),
    toolName: "bulwark",
    toolVersion: VERSION,
  };
}

/** A UUID (version 5 layout) from a SHA-256 of what the document describes: equal inputs, equal ids. */
function contentUuid(name: string, epoch: number, inventory: Inventory): string {
  const hash = createHash("sha256").update(`${name}\0${epoch}\0${VERSION}`);
  for (const p of inventory.packages) hash.update(`\0${p.purl}\0${p.version}`);
  const bytes = hash.digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
