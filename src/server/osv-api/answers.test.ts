import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildCorpusDatabase, type CorpusAdvisories } from "../../testing/corpus-advisories.js";
import {
  answerBatch,
  OSV_PAGE_LIMITS,
  osvAnswer,
  type Page,
  type PageLimits,
  UNPAGED,
  type VulnId,
} from "./answers.js";
import { parseOsvQuery } from "./osv-query.js";

// answerBatch on its own, as a local batch (the CLI's `query --batch`) would use it: Go's records only.
let corpus: CorpusAdvisories;
before(async () => {
  corpus = await buildCorpusDatabase(["go"]);
});
after(() => corpus.cleanup());

describe("answerBatch", () => {
  const stdlib = parseOsvQuery({ package: { ecosystem: "Go", name: "stdlib" }, version: "1.10.0" });
  const queries = Array(30).fill(stdlib);

  it("UNPAGED answers every query whole; api.osv.dev's limits page the same batch", async () => {
    const [all] = await corpus.reader.matchingIds([stdlib.query]);
    assert.ok(all && all.length * queries.length > 3000);
    const decoded = async (limits: PageLimits): Promise<Page<VulnId>[]> =>
      (await answerBatch(corpus.reader, queries, limits)).map((bytes) => JSON.parse(bytes.toString()));
    const unpaged = await decoded(UNPAGED);
    assert.ok(unpaged.every((p) => p.vulns.length === all.length && p.next_page_token === undefined));
    const paged = await decoded(OSV_PAGE_LIMITS);
    assert.ok(paged.some((p) => p.vulns.length === 5 && p.next_page_token));
    // the kept encodings answer a repeated batch the same
    assert.deepEqual(await decoded(OSV_PAGE_LIMITS), paged);
  });

  it("osvAnswer leaves empty fields out, as api.osv.dev writes them", () => {
    assert.deepEqual(osvAnswer({ vulns: [] }), {});
    assert.deepEqual(osvAnswer({ vulns: [{ id: "GO-1", modified: "x" }], next_page_token: "t" }), {
      vulns: [{ id: "GO-1", modified: "x" }],
      next_page_token: "t",
    });
  });
});
