import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { parseJsonText } from "../json-text.js";
import { newPackage } from "../new-package.js";
import { isRecord, lineAt, requireRecord, stringField } from "../parse-text.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { PACKAGE_RESOLVED_FORMAT } from "./extractors.js";

/**
 * SwiftPM `Package.resolved` v1 (`object.pins[]` with `repositoryURL`) and v2/v3 (`pins[]` with `location`).
 * A package is named by its repository URL without scheme, user and ".git" ("github.com/apple/swift-nio"),
 * as OSV's SwiftURL ecosystem names it; the pinned revision is its commit. Local packages are not reported.
 */
export const packageResolvedExtractor: SyncExtractor = {
  ...PACKAGE_RESOLVED_FORMAT,
  extract: extractPackageResolved,
};

function extractPackageResolved({ path, text }: ExtractInput): ExtractResult {
  const doc = requireRecord(parseJsonText(text, "Package.resolved"), "Package.resolved");
  const pins = isRecord(doc.object) ? doc.object.pins : doc.pins;
  if (!Array.isArray(pins)) throw new ExtractError('no "pins" list: not a SwiftPM Package.resolved');
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  let searchFrom = 0;
  pins.forEach((pin, index) => {
    if (!isRecord(pin)) {
      errors.push({ path, message: `pin ${index + 1} is not an object: skipped` });
      return;
    }
    const url = stringField(pin, "repositoryURL") ?? stringField(pin, "location") ?? "";
    const kind = stringField(pin, "kind") ?? "remoteSourceControl";
    if (kind === "localSourceControl" || kind === "fileSystem") return;
    const at = url ? text.indexOf(JSON.stringify(url).slice(1, -1), searchFrom) : -1;
    if (at >= 0) searchFrom = at;
    const line = at >= 0 ? lineAt(text, at) : undefined;
    const name = swiftUrlName(url);
    const state = isRecord(pin.state) ? pin.state : {};
    if (!name || kind !== "remoteSourceControl") {
      const id = stringField(pin, "identity") ?? stringField(pin, "package") ?? url;
      errors.push({
        path,
        line,
        message: `pin "${id}" (${kind}) has no repository URL: not a SwiftURL package`,
      });
      return;
    }
    const commit = stringField(state, "revision");
    packages.push(
      newPackage({
        ecosystem: "SwiftURL",
        name,
        version: stringField(state, "version") ?? "",
        locations: [{ path, line }],
        ...(commit ? { commit } : {}),
      }),
    );
  });
  return errors.length > 0 ? { packages, errors } : { packages };
}

/** "https://github.com/apple/swift-nio.git" and "git@github.com:apple/swift-nio.git" -> "github.com/apple/swift-nio". */
export function swiftUrlName(url: string): string {
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(url);
  const bare = scp ? `${scp[1]}/${scp[2]}` : url.replace(/^[a-z][\w+.-]*:\/\//i, "").replace(/^[^@/]*@/, "");
  return bare.replace(/\/+$/, "").replace(/\.git$/, "");
}
