// Provenance verdicts as scans and reports carry them (computed by src/provenance).

/** Outcome for one package: verified, failed (with the reason), or no attestations found. */
export type ProvenanceStatus = "verified" | "failed" | "none";

/** The provenance verdict for one npm package. */
export interface PackageProvenance {
  purl: string;
  name: string;
  version: string;
  status: ProvenanceStatus;
  /** Why verification failed (status "failed"). */
  reason?: string;
  /** Where the attestations came from (a file, or the registry URL). */
  attestations?: string;
  sourceRepository?: string;
  builderId?: string;
}

/** Verdicts for every npm package and the share verified (the portfolio figure). */
export interface ProvenanceSummary {
  packages: PackageProvenance[];
  total: number;
  verified: number;
  failed: number;
  none: number;
  /** verified / total, 0 when there are no npm packages. */
  verifiedShare: number;
}
