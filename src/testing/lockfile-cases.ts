import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import type { Extractor, ExtractResult } from "../ecosystems/types.js";
import { corpusPath } from "./corpus.js";

/** One expected package of a fixture, as transcribed from osv-scalibr's tests (see each expected.json's `fields`). */
export interface ExpectedPackage {
  name: string;
  version: string;
  groups?: string[] | null;
  commit?: string | null;
  purlType?: string;
  location?: { path: string; line: number | null; related?: string[] };
  sourceName?: string;
  sourceVersion?: string;
  metadata?: Record<string, unknown>;
}

/** One case of an expected.json: a fixture file and what extracting it must give. */
export interface LockfileCase {
  fixture: string;
  expectError: boolean;
  errorContains?: string;
  /** null = not transcribed: only "does not crash" can be asserted. */
  packages: ExpectedPackage[] | null;
  note?: string;
  upstreamTest?: string;
  upstreamCase?: string;
  config?: Record<string, unknown>;
  osRelease?: string | null;
  scanPath?: string;
  isOPKG?: boolean;
}

export interface LockfileSuite {
  /** Absolute folder of the fixtures (corpus/lockfiles/<lang>/<format>). */
  dir: string;
  ecosystem: string;
  note?: string;
  cases: LockfileCase[];
  configVariantCases: LockfileCase[];
}

/** Loads corpus/lockfiles/<lang>/<format>/expected.json. */
export function loadLockfileSuite(lang: string, format: string): LockfileSuite {
  const dir = corpusPath("lockfiles", lang, format);
  const data = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
  return {
    dir,
    ecosystem: data.ecosystem,
    note: data.note,
    cases: data.cases ?? [],
    configVariantCases: data.configVariantCases ?? [],
  };
}

/**
 * Runs an extractor on one fixture of a suite the way the inventory would: the fixture's text, its path
 * relative to the suite folder (or `path` when given, e.g. a logical "var/lib/dpkg/status"), and a readFile
 * that resolves neighbours in the fixture's folder ("/"-prefixed paths from the suite folder, or `files`
 * overrides such as a synthetic etc/os-release).
 */
export async function extractFixture(
  extractor: Extractor,
  suite: LockfileSuite,
  fixture: string,
  options: { path?: string; files?: Record<string, string> } = {},
): Promise<ExtractResult> {
  const text = readFileSync(join(suite.dir, fixture), "utf8");
  const path = options.path ?? fixture;
  const readFile = async (relative: string): Promise<string | undefined> => {
    const logical = normalize(relative.startsWith("/") ? relative.slice(1) : join(dirname(path), relative));
    if (options.files && logical in options.files) return options.files[logical];
    const real = relative.startsWith("/")
      ? join(suite.dir, relative)
      : join(suite.dir, dirname(fixture), relative);
    return existsSync(real) ? readFileSync(real, "utf8") : undefined;
  };
  return extractor.extract({ path, text, readFile });
}
