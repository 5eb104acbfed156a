// The portfolio store: ports (what use-cases code against), opening a store, and the helpers callers need.
export { hashApiKey } from "./api-key-hash.js";
export { StoreError } from "./errors.js";
export { everyItem } from "./every-item.js";
export {
  describeLocation,
  PORTFOLIO_FILE_NAME,
  type PortfolioLocation,
  portfolioLocation,
  redactDatabaseUrl,
} from "./location.js";
export { LATEST_SCHEMA_VERSION } from "./migrations/index.js";
export { globMatches } from "./name-pattern.js";
export { type OpenStoreOptions, openPortfolioStore } from "./open.js";
export * from "./ports.js";
export { decodeSnapshotContent, encodeSnapshotContent } from "./snapshot-content.js";
