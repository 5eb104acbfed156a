import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { hasCode } from "../model/errors.js";
import { parseEpssFile, parseEpssText } from "./epss.js";

// FIRST's documented layout of the daily file (epss_scores-YYYY-MM-DD.csv.gz): a "#model_version:...,
// score_date:..." line, the "cve,epss,percentile" header, one CVE a line. No real file is at hand, so these
// tests check the reading of that layout and never what any score means.
const HEADER = "#model_version:v2025.03.14,score_date:2025-03-17T00:00:00+0000";
const file = (...rows: string[]) => [HEADER, "cve,epss,percentile", ...rows, ""].join("\n");

async function errorOf(input: string | Uint8Array, maxBytes?: number) {
  try {
    if (typeof input === "string") parseEpssText(input, "epss.csv");
    else await parseEpssFile(input, "epss.csv.gz", maxBytes);
  } catch (error) {
    assert.ok(hasCode(error, "PARSE_FAILED", "INPUT_TOO_LARGE"), `a coded error: ${error}`);
    return error as { message: string; code: string; details: Record<string, unknown> };
  }
  assert.fail("parsed");
}

describe("the EPSS daily file reader", () => {
  it("reads the model version, the score date (either offset form) and every row", () => {
    const scores = parseEpssText(file("CVE-1999-0001,0.01141,0.77687", "CVE-2024-3400,0.9,1.0"), "e.csv");
    assert.equal(scores.modelVersion, "v2025.03.14");
    assert.equal(scores.scoreDate, "2025-03-17T00:00:00.000Z");
    assert.deepEqual(scores.scores, [
      { cve: "CVE-1999-0001", epss: 0.01141, percentile: 0.77687 },
      { cve: "CVE-2024-3400", epss: 0.9, percentile: 1 },
    ]);
    const z = parseEpssText(file("CVE-1999-0001,0,0").replace("+0000", "Z"), "e.csv");
    assert.equal(z.scoreDate, "2025-03-17T00:00:00.000Z");
  });

  it("reads the gzip-compressed file as published, and CRLF line ends", async () => {
    const text = file("CVE-1999-0001,0.5,0.5").replace(/\n/g, "\r\n");
    const scores = await parseEpssFile(gzipSync(text), "epss.csv.gz");
    assert.equal(scores.scores[0]?.epss, 0.5);
  });

  it("names the file and line of every malformed part", async () => {
    const cases: [string, string, RegExp][] = [
      [
        "no metadata line",
        file("CVE-1999-0001,0.1,0.1").split("\n").slice(1).join("\n"),
        /line 1: expected the "#model_version/,
      ],
      [
        "no model version",
        file("CVE-1999-0001,0.1,0.1").replace("model_version:v2025.03.14,", ""),
        /line 1: the first line names no model_version/,
      ],
      [
        "a score date that is no date",
        file("CVE-1999-0001,0.1,0.1").replace("2025-03-17T00:00:00+0000", "soon"),
        /line 1: score_date "soon" is not a date/,
      ],
      [
        "another header",
        file("CVE-1999-0001,0.1,0.1").replace("cve,epss,percentile", "cve,score"),
        /line 2: expected the header/,
      ],
      ["a missing field", file("CVE-1999-0001,0.1,0.1", "CVE-1999-0002,0.1"), /line 4: expected 3 fields/],
      ["not a CVE id", file("GHSA-xxxx-yyyy-zzzz,0.1,0.1"), /line 3: "GHSA-xxxx-yyyy-zzzz" is not a CVE id/],
      [
        "a probability above 1",
        file("CVE-1999-0001,1.5,0.1"),
        /line 3: epss "1.5" is not a number between 0 and 1/,
      ],
      ["a percentile that is not a number", file("CVE-1999-0001,0.1,high"), /line 3: percentile "high"/],
      [
        "a CVE twice",
        file("CVE-1999-0001,0.1,0.1", "CVE-1999-0001,0.2,0.2"),
        /line 4: CVE-1999-0001 is scored twice/,
      ],
      ["no scores at all", file(), /line 3: the file holds no scores/],
      [
        "a blank line inside",
        file("CVE-1999-0001,0.1,0.1", "", "CVE-1999-0002,0.1,0.1"),
        /line 4: expected 3 fields/,
      ],
    ];
    for (const [what, text, expected] of cases) {
      const error = await errorOf(text);
      assert.match(error.message, /^epss\.csv: line \d+: /, what);
      assert.match(error.message, expected, what);
      assert.equal(typeof error.details.line, "number", what);
    }
  });

  it("refuses a gzip stream that inflates past the limit, and a damaged gzip stream", async () => {
    const big = gzipSync(
      file(...Array.from({ length: 5000 }, (_, i) => `CVE-2000-${String(i).padStart(5, "0")},0.1,0.1`)),
    );
    const error = await errorOf(big, 10_000);
    assert.equal(error.code, "INPUT_TOO_LARGE");
    const damaged = gzipSync(file("CVE-1999-0001,0.1,0.1")).subarray(0, 30);
    assert.match((await errorOf(damaged)).message, /not a valid gzip file/);
  });
});
