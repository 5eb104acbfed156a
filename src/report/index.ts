import type { ScanResult } from "../model/finding.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderCycloneDx, renderSpdx } from "./sbom.js";
import { renderTable } from "./table.js";
import type { Renderer, RenderOptions } from "./types.js";

export { JSON_SCHEMA_VERSION } from "./json.js";
export { SCAN_REPORT_SCHEMA } from "./json-schema.js";
export { securitySeverity } from "./sarif.js";
export { countFindings, type FindingCounts } from "./summary.js";
export type { Renderer, RenderOptions } from "./types.js";

/** Scan report formats, by `--format` name. Adding a format = one renderer file + one entry here. */
export const scanRenderers: Record<string, Renderer> = {
  table: renderTable,
  json: renderJson,
  sarif: renderSarif,
  markdown: renderMarkdown,
  html: renderHtml,
  cyclonedx: renderCycloneDx,
  spdx: renderSpdx,
};

/** Renders a scan result in a registered format. */
export function renderScan(result: ScanResult, format: string, options: RenderOptions): string {
  const renderer = scanRenderers[format];
  if (!renderer) throw new Error(`no scan renderer for format "${format}"`);
  return renderer(result, options);
}
