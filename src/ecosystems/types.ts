import type { InventoryError } from "../model/inventory.js";
import type { Package } from "../model/package.js";

/**
 * How one ecosystem orders its versions. Implementations never throw: a version the scheme cannot parse
 * is ordered by the documented fallback (see generic-version.ts) and `isValid` reports it as invalid, so a
 * scan can say which comparisons were approximate.
 */
export interface VersionScheme {
  /** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
  compare(a: string, b: string): number;
  /** True when `version` is well-formed for this ecosystem. */
  isValid(version: string): boolean;
}

/** What an extractor is given: one file's text and a way to read its neighbours. */
export interface ExtractInput {
  /** The file's path as shown to users ("/"-separated, relative to the scanned root where there is one). */
  path: string;
  text: string;
  /**
   * Reads another file, by a path relative to this file's folder or, when it starts with "/", to the scanned
   * root; resolves to undefined when it does not exist or cannot be read. For includes (`-r other.txt`),
   * parent poms, `etc/os-release` beside a dpkg database. Asynchronous, so the files may come from a disk, an
   * uploaded archive or memory.
   */
  readFile(path: string): Promise<string | undefined>;
}

export interface ExtractResult {
  packages: Package[];
  /** Problems that did not stop the file from being read (a bad entry among good ones). */
  errors?: InventoryError[];
}

/**
 * Reads one file format into packages. A file the extractor cannot read at all throws or rejects (an
 * ExtractError, or any Error); the inventory reports it against the file and goes on with the other files.
 * Extractors that read neighbour files are asynchronous; the others answer at once (see SyncExtractor).
 */
export interface Extractor {
  /** The format's usual file name, used by `--lockfile TYPE:PATH` ("package-lock.json", "requirements.txt", "status"). */
  format: string;
  /** OSV ecosystem of the packages it yields (without release suffix). */
  ecosystem: string;
  /** Whether a file at this "/"-separated path (relative to the scanned root) is of this format. */
  matches(path: string): boolean;
  extract(input: ExtractInput): ExtractResult | Promise<ExtractResult>;
}

/** An extractor that reads no neighbour file, so its answer is there at once (SBOM readers, most lockfiles). */
export interface SyncExtractor extends Extractor {
  extract(input: ExtractInput): ExtractResult;
}

/** What the registry knows of a format without loading its parser: name, ecosystem and file-name matcher. */
export type ExtractorDescriptor = Pick<Extractor, "format" | "ecosystem" | "matches">;

/**
 * A format as the registry lists it: the cheap descriptor plus `load()`, which imports the parser on first
 * use (so a process pays only for the formats it meets). `load()` resolves to the same extractor every time.
 */
export interface ExtractorEntry extends ExtractorDescriptor {
  load(): Promise<Extractor>;
}

/** One ecosystem: its OSV names, version ordering, name normalisation, purl type and file formats. */
export interface EcosystemDefinition {
  /** OSV ecosystem names (without release suffix) this definition serves; the first is the main one. */
  names: string[];
  versions: VersionScheme;
  /** The name under which advisories and queries meet: PEP 503 for PyPI, lower case where names are case-insensitive. */
  normalizeName(name: string): string;
  /** Its file formats, in the order the inventory tries them; parsers load on demand. */
  extractors: ExtractorEntry[];
}
