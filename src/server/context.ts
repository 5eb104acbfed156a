import type { PortfolioContext } from "../portfolio/context.js";
import type { ExploitDataStore } from "../prioritise/exploit-data.js";

/** What the routes are built from: the portfolio's use-case context and the server's limits. */
export interface ServerContext {
  portfolio: PortfolioContext;
  /** Largest upload or advisory import body, in bytes (413 above it). */
  uploadLimitBytes: number;
  /** Where the advisories live, for readiness and metrics. */
  advisoriesLocation: string;
  /** KEV and EPSS data (beside the advisories); absent: findings are ranked by severity only. */
  exploitData?: ExploitDataStore;
}

/** Default upload limit: 50 MB, room for the SBOM of a very large monorepo. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;
