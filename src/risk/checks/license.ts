import type { CheckDefinition } from "../check.js";
import { fileName } from "../paths.js";
import { type ProbeFinding, scored } from "../types.js";

const LICENSE_NAME =
  /^(un)?licen[cs]e([-_.].*)?$|^copying([-_.].*)?$|^copyright(\.(md|txt))?$|^mit-license(\.(md|txt))?$/i;

/** Phrases identifying common FSF/OSI-approved licences in a licence text (first match wins). */
const APPROVED: [string, RegExp][] = [
  ["Apache-2.0", /Apache License,?\s+Version 2\.0/i],
  ["MIT", /\bMIT License\b|Permission is hereby granted, free of charge/i],
  ["BSD-3-Clause", /Redistributions in binary form[\s\S]*Neither the name/i],
  ["BSD-2-Clause", /Redistributions in binary form must reproduce/i],
  ["GPL-3.0", /GNU GENERAL PUBLIC LICENSE\s+Version 3/i],
  ["GPL-2.0", /GNU GENERAL PUBLIC LICENSE\s+Version 2/i],
  ["LGPL", /GNU LESSER GENERAL PUBLIC LICENSE/i],
  ["AGPL-3.0", /GNU AFFERO GENERAL PUBLIC LICENSE/i],
  ["MPL-2.0", /Mozilla Public License,?\s+(Version|v\.?)\s*2\.0/i],
  ["ISC", /\bISC License\b/i],
  ["Unlicense", /This is free and unencumbered software released into the public domain/i],
  ["EPL-2.0", /Eclipse Public License\s*-?\s*v?\s*2\.0/i],
];

/** The SPDX id a licence text declares or matches, if any. */
export function detectLicense(text: string): string | undefined {
  const spdx = /SPDX-License-Identifier:\s*([A-Za-z0-9.+-]+)/.exec(text);
  if (spdx) return spdx[1];
  return APPROVED.find(([, pattern]) => pattern.test(text))?.[0];
}

/** License (Low): file present +6, at the top level +3, FSF/OSI-approved licence detected +1. */
export const license: CheckDefinition = {
  name: "License",
  risk: "Low",
  description: "a licence file, at the top level, naming an approved licence",
  async run(ctx) {
    const files = ctx.repo.filter(
      (p) =>
        LICENSE_NAME.test(fileName(p)) &&
        (!p.includes("/") || /^(licenses?|docs?|\.github)\/[^/]+$/i.test(p)),
    );
    if (files.length === 0) {
      return scored(0, "license file not detected", [
        {
          probe: "hasLicenseFile",
          outcome: "negative",
          message: "no LICENSE, COPYING or similar file found",
        },
      ]);
    }
    const top = files.find((f) => !f.path.includes("/")) ?? files[0];
    const findings: ProbeFinding[] = [
      {
        probe: "hasLicenseFile",
        outcome: "positive",
        message: "license file found",
        location: { path: top.path },
      },
    ];
    let score = 6;
    const atTop = !top.path.includes("/");
    findings.push({
      probe: "hasLicenseFileAtTopDir",
      outcome: atTop ? "positive" : "negative",
      message: atTop ? "license file at the top-level directory" : "license file is not at the top level",
      location: { path: top.path },
    });
    if (atTop) score += 3;
    const read = await ctx.repo.readText(top.path);
    const id = "text" in read ? detectLicense(read.text) : undefined;
    findings.push({
      probe: "hasFSFOrOSIApprovedLicense",
      outcome: "error" in read ? "error" : id ? "positive" : "negative",
      message:
        "error" in read
          ? read.error
          : id
            ? `license detected: ${id}`
            : "no FSF- or OSI-approved license detected",
      location: { path: top.path },
    });
    if (id) score += 1;
    return scored(score, id ? `license file detected (${id})` : "license file detected", findings);
  },
};
