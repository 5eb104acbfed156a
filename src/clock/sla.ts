import type { BulwarkToml } from "../config/schema.js";
import type { SlaDays } from "../store/portfolio/ports.js";

export type { SlaDays } from "../store/portfolio/ports.js";

/**
 * The SLA policy: how many days after detection a finding must be fixed. Defaults follow the rules many teams
 * must follow: KEV-listed 14 days (CISA BOD 22-01), critical and high 30, medium 90, low 180 (FedRAMP).
 * A finding of unknown severity gets the medium deadline: no score is no evidence of low risk, and 90 days
 * keeps it visible without ranking it with criticals (`unknown` in `[server.sla]` changes it).
 */
export const DEFAULT_SLA: Readonly<SlaDays> = Object.freeze({
  kev: 14,
  critical: 30,
  high: 30,
  medium: 90,
  low: 180,
  unknown: 90,
});

const DAY_MS = 86_400_000;

/** The policy of a `bulwark.toml` (its `[server.sla]` table over the defaults). */
export function slaPolicyOf(config: BulwarkToml | undefined): SlaDays {
  const sla = config?.server?.sla ?? {};
  const medium = sla.medium ?? DEFAULT_SLA.medium;
  return {
    kev: sla.kev ?? DEFAULT_SLA.kev,
    critical: sla.critical ?? DEFAULT_SLA.critical,
    high: sla.high ?? DEFAULT_SLA.high,
    medium,
    low: sla.low ?? DEFAULT_SLA.low,
    // unknown follows medium unless set on its own
    unknown: sla.unknown ?? (sla.medium !== undefined ? medium : DEFAULT_SLA.unknown),
  };
}

/** Days allowed for a finding: the KEV deadline when listed, else its severity's. */
export function slaDaysFor(policy: SlaDays, severity: string, kev: boolean): number {
  if (kev) return policy.kev;
  switch (severity) {
    case "critical":
      return policy.critical;
    case "high":
      return policy.high;
    case "medium":
      return policy.medium;
    case "low":
      return policy.low;
    default:
      return policy.unknown;
  }
}

/** When a finding detected at `detectedAt` must be fixed (ISO 8601). */
export function slaDueAt(policy: SlaDays, detectedAt: string, severity: string, kev: boolean): string {
  return new Date(Date.parse(detectedAt) + slaDaysFor(policy, severity, kev) * DAY_MS).toISOString();
}

/** Whether an open finding is past its due date at `now`. */
export function isBreached(state: string, dueAt: string | undefined, now: Date): boolean {
  return state === "open" && dueAt !== undefined && now.getTime() > Date.parse(dueAt);
}
