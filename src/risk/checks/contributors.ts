import type { CheckDefinition } from "../check.js";
import { historyGap } from "../history.js";
import { organisationOf } from "../organisations.js";
import { notEvaluated, scored } from "../types.js";

const MIN_COMMITS = 5;
const WANTED_ORGS = 3;

/**
 * Contributors (Low): organisations among contributors with at least 5 commits, 10 points per 3
 * organisations as Scorecard scores them. A clone has no GitHub company field, so an author's
 * organisation is the domain of their email address (public mail providers and noreply addresses excluded).
 */
export const contributors: CheckDefinition = {
  name: "Contributors",
  risk: "Low",
  description: "contributors from several organisations (by email domain)",
  async run(ctx) {
    const history = await ctx.history();
    const gap = historyGap(history);
    if (gap || !history.available) return notEvaluated(gap ?? "history unavailable");
    const commitsByAuthor = new Map<string, number>();
    for (const c of history.commits)
      commitsByAuthor.set(c.authorEmail, (commitsByAuthor.get(c.authorEmail) ?? 0) + 1);
    const orgs = new Set<string>();
    for (const [email, count] of commitsByAuthor) {
      const org = count >= MIN_COMMITS ? organisationOf(email) : undefined;
      if (org) orgs.add(org);
    }
    const list = [...orgs].sort();
    return scored(
      Math.min(10, Math.floor((10 * orgs.size) / WANTED_ORGS)),
      `${orgs.size} organisation(s) among frequent contributors`,
      [
        {
          probe: "contributorsFromOrgOrCompany",
          outcome: orgs.size > 0 ? "positive" : "negative",
          message:
            orgs.size > 0
              ? `organisations: ${list.join(", ")}`
              : "no organisation found among contributors with 5+ commits",
          values: { organisations: orgs.size, contributors: commitsByAuthor.size },
        },
      ],
    );
  },
};
