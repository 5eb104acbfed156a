import type { CheckDefinition } from "../check.js";
import { historyGap } from "../history.js";
import { notEvaluated, type ProbeFinding, scored } from "../types.js";

const RECENT_RELEASES = 5;
const SIGNATURE_FILE = /\.(asc|sig|minisig|sigstore|sigstore\.json)$/i;
const PROVENANCE_FILE = /\.intoto\.jsonl$/i;

/**
 * Signed-Releases (High): Scorecard scores the last 5 releases — 8 points for a signed release, 10 with
 * provenance — averaged. Locally, releases are tags: a tag is signed when its tag object carries a
 * signature; release files checked into the tree count when a signature (.asc, .sig, .sigstore...) or
 * provenance (.intoto.jsonl) file sits beside them. No tags: not evaluated.
 */
export const signedReleases: CheckDefinition = {
  name: "Signed-Releases",
  risk: "High",
  description: "release tags and artifacts carry signatures or provenance",
  async run(ctx) {
    const history = await ctx.history();
    const gap = historyGap(history);
    if (!history.available) return notEvaluated(gap ?? "history unavailable");
    const tags = [...history.tags].sort((a, b) => b.time - a.time).slice(0, RECENT_RELEASES);
    if (tags.length === 0)
      return notEvaluated(
        "no releases (tags) found in the clone; release assets live on the forge",
        [],
        "not-applicable",
      );
    const provenance = ctx.repo.files.some((f) => PROVENANCE_FILE.test(f.path));
    const signatures = ctx.repo.files.filter((f) => SIGNATURE_FILE.test(f.path));
    const findings: ProbeFinding[] = [];
    let points = 0;
    for (const tag of tags) {
      const sigFile = signatures.find((f) => f.path.includes(tag.name));
      const signed = tag.signed || sigFile !== undefined;
      const value = provenance && signed ? 10 : signed ? 8 : 0;
      points += value;
      findings.push({
        probe: "releasesAreSigned",
        outcome: signed ? "positive" : "negative",
        message: signed
          ? `release ${tag.name} is signed${tag.signed ? " (signed tag)" : ` (${sigFile?.path})`}`
          : `release ${tag.name} is not signed`,
        location: sigFile ? { path: sigFile.path } : undefined,
        values: { tag: tag.name },
      });
    }
    return scored(
      points / tags.length,
      `${findings.filter((f) => f.outcome === "positive").length} of the last ${tags.length} release(s) signed`,
      findings,
    );
  },
};
