import { posix } from "node:path";
import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { newPackage } from "../new-package.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { POM_XML_FORMAT } from "./extractors.js";
import { effectiveDependencies } from "./pom-effective.js";
import { readPom } from "./pom-model.js";

const ECOSYSTEM = "Maven";

/**
 * pom.xml: the project's declared dependencies (inherited ones from parents found in the tree included) with
 * versions resolved through properties and dependencyManagement (see pom-effective.ts). Maven scopes other
 * than compile become groups (test, provided, runtime, system), `<optional>` adds "optional". A dependency
 * whose version cannot be known from the tree is reported unresolved, with an error saying why. Transitive
 * dependencies need the repository and are not listed. The same groupId:artifactId:version declared
 * several times (types, classifiers) is one package.
 */
export const pomXmlExtractor: Extractor = {
  ...POM_XML_FORMAT,
  async extract(input: ExtractInput): Promise<ExtractResult> {
    const model = readPom(input.text);
    const errors: InventoryError[] = [];
    const file = posix.basename(input.path);
    const ctx = { readFile: input.readFile, shownDir: posix.dirname(input.path), errors };
    const byKey = new Map<string, Package>();
    for (const dep of await effectiveDependencies(model, file, ctx)) {
      const name = `${dep.groupId}:${dep.artifactId}`;
      const groups = [...(dep.scope === "compile" ? [] : [dep.scope]), ...(dep.optional ? ["optional"] : [])];
      const location = { path: dep.path, line: dep.line };
      const seen = byKey.get(`${name}@${dep.version}`);
      if (seen) {
        seen.locations.push(location);
        if (groups.length === 0) seen.groups = []; // needed by production wins over test-only
        continue;
      }
      byKey.set(
        `${name}@${dep.version}`,
        newPackage({
          ecosystem: ECOSYSTEM,
          name,
          version: dep.version,
          resolved: dep.resolved,
          direct: true,
          groups,
          locations: [location],
        }),
      );
    }
    return { packages: [...byKey.values()], errors };
  },
};
