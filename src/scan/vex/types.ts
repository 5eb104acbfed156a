/** VEX statuses, as OpenVEX names them (CycloneDX analysis states are mapped onto them). */
export type VexStatus = "not_affected" | "affected" | "fixed" | "under_investigation";

/** One statement of a VEX document, in a form common to OpenVEX and CycloneDX VEX. */
export interface VexStatement {
  /** The vulnerability's id and aliases as the statement gives them. */
  ids: string[];
  /** purls (or other ids) of the packages the statement is about. */
  products: string[];
  status: VexStatus;
  /** Justification, impact statement or detail, for the report. */
  reason: string;
  /** The machine-readable justification of not_affected, where the document gives one (OpenVEX names). */
  justification?: string;
  /** The VEX file. */
  source: string;
  /** Milliseconds since epoch when the statement was made (later statements win); 0 when unknown. */
  timestamp: number;
  /** Position across all loaded statements (breaks timestamp ties: later wins). */
  order: number;
}

/** Statuses that make a finding not count. */
export const SUPPRESSING_STATUSES: ReadonlySet<VexStatus> = new Set(["not_affected", "fixed"]);
