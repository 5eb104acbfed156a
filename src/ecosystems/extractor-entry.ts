import type { Extractor, ExtractorDescriptor, ExtractorEntry } from "./types.js";

/** Matcher for a file called `name` (which may hold "/": "vendor/modules.txt") at the root or in any folder. */
export function fileNamed(name: string): (path: string) => boolean {
  const nested = `/${name}`;
  return (path) => path === name || path.endsWith(nested);
}

/**
 * A registry entry for `descriptor` whose parser module is imported by `load` on first use only; the promise
 * is kept, so each parser loads at most once per process.
 */
export function lazyExtractor(
  descriptor: ExtractorDescriptor,
  load: () => Promise<Extractor>,
): ExtractorEntry {
  let loading: Promise<Extractor> | undefined;
  return {
    format: descriptor.format,
    ecosystem: descriptor.ecosystem,
    matches: descriptor.matches,
    load: () => {
      loading ??= load();
      return loading;
    },
  };
}
