import type { ScanResult } from "../model/finding.js";

/** How to render: colour (terminal only) and room to grow (e.g. provenance results). */
export interface RenderOptions {
  /** ANSI colour in the table (only when writing to a terminal). */
  color: boolean;
}

/** Turns a scan result into the text of one report format. */
export type Renderer = (result: ScanResult, options: RenderOptions) => string;
