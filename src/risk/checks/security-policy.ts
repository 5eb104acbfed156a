import type { CheckDefinition } from "../check.js";
import { type ProbeFinding, scored } from "../types.js";

/** Paths where GitHub (and Scorecard) look for a security policy, compared case-insensitively. */
const POLICY_PATHS = [
  "security.md",
  ".github/security.md",
  "docs/security.md",
  "security.adoc",
  ".github/security.adoc",
  "docs/security.adoc",
  "security.rst",
  ".github/security.rst",
  "docs/security.rst",
  "doc/security.rst",
  "security.markdown",
  ".github/security.markdown",
  "docs/security.markdown",
];

/** What a policy text contains, as Scorecard measures it. */
export interface PolicyContent {
  size: number;
  urls: string[];
  emails: string[];
  /** Numbers (1–4 digits) and "disclos"/"vuln" words: hints of a disclosure process and timelines. */
  disclosureHints: number;
}

const URL = /(http|https):\/\/[a-zA-Z0-9./?=_%:-]*/g;
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,6}\b/g;
// Go's `\b*` (zero or more boundaries) is equivalent to an optional boundary, i.e. nothing.
const DISCLOSURE = /([0-9]{1,4}\b|(Disclos|Vuln))/gi;

/** Measures a policy text: unique links and emails, disclosure hints, byte size. */
export function measurePolicy(text: string): PolicyContent {
  return {
    size: Buffer.byteLength(text),
    urls: [...new Set(text.match(URL) ?? [])],
    emails: [...new Set(text.match(EMAIL) ?? [])],
    disclosureHints: (text.match(DISCLOSURE) ?? []).length,
  };
}

/** The three content probes for one policy; the score is links 6 + text 3 + disclosure 1. */
export function policyContentProbes(path: string, content: PolicyContent): ProbeFinding[] {
  const location = { path };
  const linked = content.urls.length + content.emails.length;
  const linkedLength = [...content.urls, ...content.emails].reduce((n, s) => n + s.length, 0);
  const hasText = content.size > 1 && content.size > linkedLength + linked * 2;
  return [
    {
      probe: "securityPolicyContainsLinks",
      outcome: linked > 0 ? "positive" : "negative",
      message:
        linked > 0
          ? `${content.urls.length} URL(s) and ${content.emails.length} email(s) found`
          : "no email or URL found in security policy",
      location,
    },
    {
      probe: "securityPolicyContainsText",
      outcome: hasText ? "positive" : "negative",
      message: hasText
        ? "found text in security policy"
        : "no text (besides links / emails) found in security policy",
      location,
    },
    {
      probe: "securityPolicyContainsVulnerabilityDisclosure",
      outcome: content.disclosureHints > 1 ? "positive" : "negative",
      message:
        content.disclosureHints > 1
          ? "found disclosure, vulnerability, and/or timelines in security policy"
          : "one or no descriptive hints of disclosure, vulnerability, and/or timelines in security policy",
      location,
    },
  ];
}

const POINTS: Record<string, number> = {
  securityPolicyContainsLinks: 6,
  securityPolicyContainsText: 3,
  securityPolicyContainsVulnerabilityDisclosure: 1,
};

/** Security-Policy (Medium): a policy file at a known path, scored by its content. */
export const securityPolicy: CheckDefinition = {
  name: "Security-Policy",
  risk: "Medium",
  description: "a security policy (SECURITY.md) telling reporters how to disclose vulnerabilities",
  async run(ctx) {
    const file = ctx.repo.files.find((f) => POLICY_PATHS.includes(f.path.toLowerCase()));
    if (!file) {
      return scored(0, "security policy file not detected", [
        {
          probe: "securityPolicyPresent",
          outcome: "negative",
          message: "no SECURITY.md (or .rst/.adoc) found",
        },
      ]);
    }
    const read = await ctx.repo.readText(file.path);
    const present: ProbeFinding = {
      probe: "securityPolicyPresent",
      outcome: "positive",
      message: "security policy file detected",
      location: { path: file.path },
    };
    if ("error" in read) {
      return scored(0, `security policy file detected but unreadable`, [
        present,
        {
          probe: "securityPolicyContent",
          outcome: "error",
          message: read.error,
          location: { path: file.path },
        },
      ]);
    }
    const probes = policyContentProbes(file.path, measurePolicy(read.text));
    const score = probes.reduce((n, f) => n + (f.outcome === "positive" ? POINTS[f.probe] : 0), 0);
    return scored(score, "security policy file detected", [present, ...probes]);
  },
};
