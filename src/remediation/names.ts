import { refFromPurl } from "../ecosystems/purl.js";
import { parsePurl } from "../purl/index.js";

/**
 * The name of a package URL as people and its ecosystem write it ("@vue/cli-service", "org.slf4j:slf4j-api"),
 * decoded by the purl library; the purl itself when it cannot be parsed.
 */
export function packageName(purl: string): string {
  try {
    return refFromPurl(purl).name;
  } catch {
    // A purl type with no OSV ecosystem (pkg:generic/...): still decoded, namespace kept.
    try {
      const p = parsePurl(purl);
      return p.namespace ? `${p.namespace}/${p.name}` : p.name;
    } catch {
      return purl;
    }
  }
}

/** "name@version" of a package URL for people (see packageName); just the name when it has no version. */
export function packageLabel(purl: string): string {
  let version: string | undefined;
  try {
    version = parsePurl(purl).version;
  } catch {
    return purl;
  }
  const name = packageName(purl);
  return version ? `${name}@${version}` : name;
}
