/**
 * Bulwark's library API. Everything the CLI does is available here as typed functions.
 */
export * from "./ecosystems/index.js";
export { newPackage } from "./ecosystems/new-package.js";
export { purlFor, refFromPurl } from "./ecosystems/purl.js";
export * from "./model/index.js";
export { formatPurl, PurlError, parsePurl } from "./purl/index.js";
