import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { renderScan } from "../report/index.js";
import { corpusPath } from "../testing/corpus.js";
import { buildCorpusDatabase, type CorpusAdvisories } from "../testing/corpus-advisories.js";
import { scan } from "./index.js";

// `scan --verify-provenance` on a project whose lockfile names two real npm packages published with
// provenance (corpus signing/slsa-verifier-npm: tarballs and their registry attestations). The lockfile is
// hand-written with the tarballs' real sha512 integrity; one package's attestations are the deliberately
// broken `invalidsigprov` copy, a third package has none.

const gha = corpusPath("signing", "slsa-verifier-npm", "gha");
const integrity = (tgz: string) =>
  `sha512-${createHash("sha512")
    .update(readFileSync(join(gha, tgz)))
    .digest("base64")}`;

let database: CorpusAdvisories;
let project: string;
let attestations: string;

before(async () => {
  database = await buildCorpusDatabase(["ghsa-and-others"]);
  project = mkdtempSync(join(tmpdir(), "bulwark-prov-project-"));
  attestations = mkdtempSync(join(tmpdir(), "bulwark-prov-att-"));
  const lock = {
    name: "app",
    version: "1.0.0",
    lockfileVersion: 3,
    packages: {
      "": {
        name: "app",
        version: "1.0.0",
        dependencies: {
          "gundam-visor": "1.0.1",
          "@trishankatdatadog/supreme-goggles": "1.0.5",
          "left-pad": "1.3.0",
        },
      },
      "node_modules/gundam-visor": { version: "1.0.1", integrity: integrity("gundam-visor-cli-v1-tag.tgz") },
      "node_modules/@trishankatdatadog/supreme-goggles": {
        version: "1.0.5",
        integrity: integrity("supreme-googles-cli-v02-tag.tgz"),
      },
      "node_modules/left-pad": { version: "1.3.0", integrity: integrity("gundam-visor-cli-v1-tag.tgz") },
    },
  };
  writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock, null, 2));
  copyFileSync(join(gha, "gundam-visor-cli-v1-tag.tgz.json"), join(attestations, "gundam-visor@1.0.1.json"));
  copyFileSync(
    join(gha, "supreme-googles-cli-v02-tag-invalidsigprov.tgz.json"),
    join(attestations, "@trishankatdatadog%2fsupreme-goggles@1.0.5.json"),
  );
});

after(() => {
  database.cleanup();
  rmSync(project, { recursive: true, force: true });
  rmSync(attestations, { recursive: true, force: true });
});

describe("scan --verify-provenance", () => {
  test("reports verified, failed and missing provenance, offline, in the result and the reports", async () => {
    const result = await scan(
      { paths: [project], offline: true, verifyProvenance: { attestationsDir: attestations } },
      database.reader,
    );
    const p = result.provenance!;
    assert.deepEqual(p.packages.map((x) => [x.name, x.status]).sort(), [
      ["@trishankatdatadog/supreme-goggles", "failed"],
      ["gundam-visor", "verified"],
      ["left-pad", "none"],
    ]);
    assert.deepEqual([p.total, p.verified, p.failed, p.none], [3, 1, 1, 1]);
    assert.match(
      renderScan(result, "table", { color: false }),
      /Provenance: 1 of 3 npm packages verified \(33%\)/,
    );
    assert.equal(JSON.parse(renderScan(result, "json", { color: false })).provenance.verified, 1);
  });

  test("without the option, no provenance is computed", async () => {
    const result = await scan({ paths: [project] }, database.reader);
    assert.equal(result.provenance, undefined);
    assert.equal(JSON.parse(renderScan(result, "json", { color: false })).provenance, undefined);
  });
});
