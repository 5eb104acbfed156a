import type { CheckDefinition } from "../check.js";
import { historyGap } from "../history.js";
import { notEvaluated, scored } from "../types.js";

const DAY = 86_400;
const LOOKBACK_DAYS = 90;

/**
 * Maintained (High): Scorecard's rule on commit activity — commits in the last 90 days against one per
 * week (score = 10 × commits / 12, capped at 10); 0 when the project is younger than 90 days. Issue
 * activity needs the forge's API and is not counted, which can only lower the score.
 */
export const maintained: CheckDefinition = {
  name: "Maintained",
  risk: "High",
  description: "recent commit activity (last 90 days)",
  async run(ctx) {
    const history = await ctx.history();
    const gap = historyGap(history);
    if (gap || !history.available) return notEvaluated(gap ?? "history unavailable");
    const now = Math.floor(ctx.now.getTime() / 1000);
    const first = Math.min(...history.commits.map((c) => c.commitTime));
    if (now - first < LOOKBACK_DAYS * DAY) {
      return scored(0, `repository is younger than ${LOOKBACK_DAYS} days (first commit ${isoDay(first)})`, [
        { probe: "notCreatedRecently", outcome: "negative", message: `first commit on ${isoDay(first)}` },
      ]);
    }
    const recent = history.commits.filter((c) => now - c.commitTime <= LOOKBACK_DAYS * DAY).length;
    const threshold = Math.floor(LOOKBACK_DAYS / 7);
    return scored(
      Math.min(10, Math.floor((10 * recent) / threshold)),
      `${recent} commit(s) in the last ${LOOKBACK_DAYS} days (issue activity not available from a clone)`,
      [
        { probe: "notCreatedRecently", outcome: "positive", message: `first commit on ${isoDay(first)}` },
        {
          probe: "hasRecentCommits",
          outcome: recent > 0 ? "positive" : "negative",
          message: `${recent} commit(s) in the last ${LOOKBACK_DAYS} days`,
          values: { commits: recent },
        },
      ],
    );
  },
};

function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
