import { randomUUID } from "node:crypto";
import { VERSION } from "../../version.js";

/** What every generated document says about itself. */
export interface DocumentInfo {
  /** Name of the described project (the scanned folder's name). */
  name: string;
  /** ISO timestamp; SOURCE_DATE_EPOCH (reproducible builds) when set, else now. */
  timestamp: string;
  /** Unique id of this document. */
  uuid: string;
  toolName: "bulwark";
  toolVersion: string;
}

export function documentInfo(name: string): DocumentInfo {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date();
  return {
    name,
    timestamp: date.toISOString().replace(/\.\d{3}Z$/, "Z"),
    uuid: randomUUID(),
    toolName: "bulwark",
    toolVersion: VERSION,
  };
}
