import { type Static, Type } from "typebox";
import { ecosystemBase } from "../advisories/ecosystem-match.js";
import type { PackageKey } from "../advisories/ports.js";
import { normalizeName } from "../ecosystems/index.js";
import { refFromPurl } from "../ecosystems/purl.js";
import { formatPurl, parsePurl } from "../purl/index.js";
import type { NewRiskResult } from "../store/portfolio/ports.js";

/**
 * What `POST /api/v1/risk` accepts: the output of `bulwark risk --format json` (src/risk/assess.ts
 * `RiskReport`). The parts the platform reads are checked; the rest (probe findings, signals, languages)
 * may be anything, so a report from a newer Bulwark with more fields is still taken.
 */
const Score10 = Type.Union([Type.Number({ minimum: 0, maximum: 10 }), Type.Null()]);

export const RiskReportSchema = Type.Object(
  {
    repo: Type.Object({
      path: Type.String({ maxLength: 4096 }),
      url: Type.Optional(Type.String({ maxLength: 2000 })),
      git: Type.Boolean(),
      commits: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
      head: Type.Optional(Type.String({ maxLength: 200 })),
    }),
    score: Score10,
    checks: Type.Array(
      Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200 }),
        risk: Type.Union([
          Type.Literal("Critical"),
          Type.Literal("High"),
          Type.Literal("Medium"),
          Type.Literal("Low"),
        ]),
        status: Type.Union([Type.Literal("evaluated"), Type.Literal("not-evaluated")]),
        score: Score10,
        reason: Type.String({ maxLength: 10_000 }),
      }),
      { maxItems: 200 },
    ),
    criticality: Type.Object({
      score: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
      missing: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
    }),
    warnings: Type.Optional(Type.Array(Type.String())),
  },
  { description: "the output of `bulwark risk --format json`" },
);

export type RiskReportDocument = Static<typeof RiskReportSchema>;

/** A package URL without version, qualifiers or subpath: what a risk result and a ranking row name. */
export function versionlessPurl(purl: string): string {
  const p = parsePurl(purl);
  return formatPurl({ type: p.type, ...(p.namespace ? { namespace: p.namespace } : {}), name: p.name });
}

/**
 * The package a purl names, as the reverse index keys it (ecosystem base and normalised name), so a risk
 * result meets the components of that package whatever their version. PURL_INVALID (400) for a bad purl or
 * a type without an OSV ecosystem.
 */
export function packageKeyOfPurl(purl: string): PackageKey {
  const ref = refFromPurl(purl);
  const base = ecosystemBase(ref.ecosystem);
  return { ecosystem: base, name: normalizeName(base, ref.name) };
}

/** A risk report as the store records it, linked to a package (and its repository). */
export function riskResultOf(
  report: RiskReportDocument,
  link: { purl: string; repository?: string; at: string; by: string },
): NewRiskResult {
  const repository = link.repository ?? report.repo.url;
  return {
    key: packageKeyOfPurl(link.purl),
    purl: versionlessPurl(link.purl),
    ...(repository ? { repository } : {}),
    score: report.score,
    criticality: report.criticality.score,
    checkedAt: link.at,
    uploadedAt: link.at,
    uploadedBy: link.by,
    summary: {
      score: report.score,
      criticality: report.criticality.score,
      checks: report.checks.map((c) => ({ name: c.name, risk: c.risk, score: c.score })),
      ...(report.repo.head ? { head: report.repo.head } : {}),
    },
  };
}
