import type { PortfolioFindingBody } from "../portfolio/match.js";
import type { BreachedFinding, NewEvent, PortfolioStore } from "../store/portfolio/ports.js";

/** The outbox event type of newly breached SLAs (one event per project and check). */
export const SLA_BREACH = "sla.breach";

/** A breached finding as notifications read it (src/notify/events.ts FindingItem). */
function breachItem(f: BreachedFinding) {
  const body = f.finding as PortfolioFindingBody;
  return {
    id: f.vulnerabilityId,
    aliases: body.aliases ?? [],
    ...(body.summary ? { summary: body.summary } : {}),
    severity: {
      rating: body.severity.rating,
      ...(body.severity.score !== undefined ? { score: body.severity.score } : {}),
    },
    kev: f.kev,
    package: {
      ecosystem: body.package.ecosystem,
      name: body.package.name,
      version: body.package.version,
      purl: f.purl,
    },
    fixed: body.fixed ?? [],
    ...(f.slaDueAt ? { dueAt: f.slaDueAt } : {}),
    finding: f.id,
  };
}

/**
 * The daily SLA check: appends one `sla.breach` event per project listing its open findings that passed their
 * due date and were never reported, and remembers them so that no breach is announced twice (also across
 * server instances: only the findings this check marked are announced). Each batch is one transaction.
 * Returns how many findings were announced.
 */
export async function reportSlaBreaches(store: PortfolioStore, now: Date): Promise<number> {
  const at = now.toISOString();
  let announced = 0;
  for (;;) {
    const breached = await store.clock.unreportedBreaches(at, 1000);
    if (breached.length === 0) return announced;
    const marked = await store.transaction(async (tx) => {
      const ids = new Set(
        await tx.clock.markBreachesReported(
          breached.map((f) => f.id),
          at,
        ),
      );
      const byProject = new Map<number, BreachedFinding[]>();
      for (const f of breached) {
        if (!ids.has(f.id)) continue;
        byProject.set(f.projectId, [...(byProject.get(f.projectId) ?? []), f]);
      }
      const events: NewEvent[] = [...byProject].map(([projectId, findings]) => ({
        type: SLA_BREACH,
        occurredAt: at,
        projectId,
        payload: {
          project: { name: findings[0]!.projectName, tags: findings[0]!.projectTags },
          findings: findings.map(breachItem),
        },
      }));
      if (events.length) await tx.events.append(events);
      return ids.size;
    });
    announced += marked;
    // another instance reported this batch first: what is left is newer than it
    if (marked === 0 && breached.length < 1000) return announced;
  }
}
