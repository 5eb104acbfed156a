import type { Package } from "../../model/package.js";

/** A package's identity inside a generated document: its purl, or a stable made-up reference when it has none. */
export function packageKey(pkg: Package): string {
  return pkg.purl || `bulwark:${pkg.ecosystem}/${pkg.name}@${pkg.version}`;
}
