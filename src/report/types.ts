import type { ScanResult } from "../model/finding.js";
import type { DocumentDating } from "../sbom/write/document-info.js";

/** How to render: colour (terminal only) and room to grow (e.g. provenance results). */
export interface RenderOptions {
  /** ANSI colour in the table (only when writing to a terminal). */
  color: boolean;
  /** Reproducible dating of SBOM documents (the caller reads SOURCE_DATE_EPOCH). */
  dating?: DocumentDating;
}

/** Turns a scan result into the text of one report format. */
export type Renderer = (result: ScanResult, options: RenderOptions) => string;
