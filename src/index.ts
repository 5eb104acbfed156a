/**
 * Bulwark's library API: everything the CLI does, as typed functions. The CLI (src/cli) is a thin layer over
 * these modules.
 */
export * from "./advisories/index.js";
export * from "./ecosystems/index.js";
export { newPackage } from "./ecosystems/new-package.js";
export { purlFor, refFromPurl } from "./ecosystems/purl.js";
export { semverVersions } from "./ecosystems/semver-version.js";
export * from "./inventory/index.js";
export * from "./model/index.js";
export * from "./net/index.js";
export * from "./provenance/index.js";
export { formatPurl, PurlError, parsePurl } from "./purl/index.js";
export { formatQueryTable, type QueryResult, type QueryResultVuln, queryResult } from "./report/query.js";
export {
  checkReportFormat,
  type ReportKind,
  type ReportKinds,
  type ReportRenderer,
  renderReport,
  reportFormats,
  reportKinds,
  reportRenderer,
} from "./report/registry.js";
export { renderRiskSarif } from "./report/risk-sarif.js";
export { renderRiskTable } from "./report/risk-table.js";
export * from "./risk/index.js";
export * from "./sbom/index.js";
export * from "./scan/index.js";
export { VERSION } from "./version.js";
