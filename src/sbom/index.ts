export { type CycloneDxOptions, toCycloneDx } from "./write/cyclonedx.js";
export { type DocumentDating, type DocumentInfo, documentInfo } from "./write/document-info.js";
export { packageKey } from "./write/package-key.js";
export { type SpdxOptions, toSpdx } from "./write/spdx.js";
export type { SbomVulnerability } from "./write/vulnerability.js";
