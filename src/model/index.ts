export * from "./errors.js";
export * from "./finding.js";
export * from "./inventory.js";
export * from "./osv.js";
export * from "./package.js";
export * from "./policy.js";
export * from "./provenance.js";
