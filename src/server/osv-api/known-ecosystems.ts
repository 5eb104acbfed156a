import { ecosystems, splitEcosystem } from "../../ecosystems/index.js";

// OSV ecosystems Bulwark has no folder for, from the OSV schema's `ecosystemWithSuffix` pattern (osv-schema
// 1.7): a database may still hold records for them, and api.osv.dev accepts them, so queries must too.
const OSV_ONLY = [
  "Android",
  "BellSoft Hardened Containers",
  "Bitnami",
  "CleanStart",
  "Docker Hardened Images",
  "Echo",
  "FreeBSD",
  "GIT",
  "Kubernetes",
  "Linux",
  "OSS-Fuzz",
  "Root",
  "TuxCare",
  "VSCode",
];

const KNOWN = new Set([...ecosystems.flatMap((d) => d.names), ...OSV_ONLY]);

/**
 * Whether a query's ecosystem ("PyPI", "Debian:12") names an ecosystem of the OSV schema or Bulwark's
 * registry. Spelled exactly: OSV names are case-sensitive and api.osv.dev refuses "pypi".
 */
export function isKnownEcosystem(ecosystem: string): boolean {
  const { base, suffix } = splitEcosystem(ecosystem);
  return KNOWN.has(base) && suffix !== "";
}
