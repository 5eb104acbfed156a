import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { GRADLE_VERIFICATION_METADATA_FORMAT } from "./extractors.js";
import { childElement, childList, childText, parseXmlDocument, type XmlNode } from "./xml-document.js";

const ECOSYSTEM = "Maven";
const HASHES = ["sha512", "sha256", "sha1", "md5"];

/**
 * gradle/verification-metadata.xml (Gradle dependency verification): every `<component group name version>`
 * with its line and the checksums of its artifacts (`sha256:hex`...). It lists everything Gradle verified,
 * build plugins and versions lost to conflict resolution included, so it is a superset of what a build
 * uses; groups and direct/transitive are unknown. A component missing an attribute is reported as an error.
 */
export const gradleVerificationMetadataExtractor: SyncExtractor = {
  ...GRADLE_VERIFICATION_METADATA_FORMAT,
  extract(input: ExtractInput): ExtractResult {
    // XML reads CR LF and a lone CR as LF (XML 1.0, 2.11), so lines are counted on the normalised text
    const text = normalizeLineBreaks(input.text);
    const { root, lineOf } = parseXmlDocument(text, "Gradle verification-metadata.xml", { attributes: true });
    const metadata = root["verification-metadata"];
    if (metadata === undefined) {
      throw new ExtractError("not Gradle verification metadata (no <verification-metadata> root)");
    }
    const errors: InventoryError[] = [];
    const byKey = new Map<string, Package>();
    for (const component of childList(childElement(metadata, "components"), "component")) {
      const line = lineOf(component);
      const [group, name, version] = ["@_group", "@_name", "@_version"].map((a) => childText(component, a));
      if (!group || !name || !version) {
        const missing = [!group && "group", !name && "name", !version && "version"]
          .filter(Boolean)
          .join(", ");
        errors.push({
          path: input.path,
          line,
          message: `<component> without ${missing}; it is not reported`,
        });
        continue;
      }
      const key = `${group}:${name}@${version}`;
      const seen = byKey.get(key);
      if (seen) {
        seen.locations.push({ path: input.path, line });
        continue;
      }
      const hashes = artifactHashes(component);
      byKey.set(
        key,
        newPackage({
          ecosystem: ECOSYSTEM,
          name: `${group}:${name}`,
          version,
          locations: [{ path: input.path, line }],
          hashes: hashes.length > 0 ? hashes : undefined,
        }),
      );
    }
    return { packages: [...byKey.values()], errors };
  },
};

function artifactHashes(component: XmlNode): string[] {
  const out: string[] = [];
  for (const artifact of childList(component, "artifact")) {
    for (const alg of HASHES) {
      const value = childText(childElement(artifact, alg), "@_value");
      if (value) out.push(`${alg}:${value}`);
    }
  }
  return out;
}
