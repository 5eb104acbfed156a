// Shared helpers of the advisories tests (a *.test.ts file so the build leaves it out; it holds no tests).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { OsvRecord } from "../model/osv.js";
import { corpusPath } from "../testing/corpus.js";
import { parseOsvDocument } from "./osv-reader.js";

/** A real corpus record, e.g. corpusRecord("ghsa-and-others/DSA-3029-1.json"). */
export function corpusRecord(path: string): OsvRecord {
  const file = corpusPath("osv", path);
  const parsed = parseOsvDocument(readFileSync(file, "utf8"), file);
  if (parsed.records.length !== 1) throw new Error(`${file}: ${JSON.stringify(parsed.invalid)}`);
  return parsed.records[0]!;
}

/** Every file below a corpus folder, sorted. */
export function corpusFiles(...segments: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(corpusPath(...segments));
  return out;
}

/** A deep copy to modify (tests state each modification they make to a real record). */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
