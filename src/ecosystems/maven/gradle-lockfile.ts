import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { GRADLE_LOCKFILE_FORMAT } from "./extractors.js";

const ECOSYSTEM = "Maven";

/**
 * The group of a Gradle configuration: "test" for test*, "build" for annotation processors and compiler
 * plugins, "dev" for developmentOnly; undefined (production) for the rest (compileClasspath, runtimeClasspath...).
 */
function configurationGroup(configuration: string): string | undefined {
  if (/^test|Test[A-Z]?\w*Classpath$|^androidTest|^unitTest/.test(configuration)) return "test";
  if (
    /annotationProcessor|^kapt|^ksp|KotlinCompilerPluginClasspath|^detekt|^ktlint|^spotbugs/i.test(
      configuration,
    )
  ) {
    return "build";
  }
  if (configuration === "developmentOnly" || configuration === "testAndDevelopmentOnly") return "dev";
  return undefined;
}

/**
 * gradle.lockfile and buildscript-gradle.lockfile (Gradle dependency locking): one
 * `group:artifact:version=configuration,...` line per locked module. A module used by any production
 * configuration has no group; otherwise its configurations' groups (test, build, dev) apply. Everything in a
 * buildscript lockfile is a build dependency. Gradle before 6.0 wrote one file per configuration,
 * gradle/dependency-locks/<configuration>.lockfile, with `group:artifact:version` lines: the file name is then
 * the configuration. Lines that are neither of these shapes, comments nor the `empty=` list are reported.
 */
export const gradleLockfileExtractor: SyncExtractor = {
  ...GRADLE_LOCKFILE_FORMAT,
  extract(input: ExtractInput): ExtractResult {
    const buildscript = /(^|\/)buildscript-gradle\.lockfile$/.test(input.path);
    const legacyConfiguration = input.path.match(/(?:^|\/)dependency-locks\/([^/]+)\.lockfile$/)?.[1];
    const packages: Package[] = [];
    const errors: InventoryError[] = [];
    // Gradle reads its lockfiles line by line with Java's readLine: LF, CR LF and a lone CR end a line
    normalizeLineBreaks(input.text)
      .split("\n")
      .forEach((raw, i) => {
        const line = raw.trim();
        if (line === "" || line.startsWith("#") || /^empty=[\w,-]*$/.test(line)) return;
        const m = line.match(/^([^:=\s]+):([^:=\s]+):([^:=\s]+)(?:=([\w,-]*))?$/);
        if (!m || (m[4] === undefined && legacyConfiguration === undefined)) {
          errors.push({
            path: input.path,
            line: i + 1,
            message: `not a "group:artifact:version=configurations" line`,
          });
          return;
        }
        const configurations = m[4]?.split(",").filter(Boolean) ?? [legacyConfiguration!];
        const groups = new Set<string>();
        if (buildscript) groups.add("build");
        else {
          const perConfiguration = configurations.map(configurationGroup);
          if (!perConfiguration.includes(undefined)) for (const g of perConfiguration) groups.add(g!);
        }
        packages.push(
          newPackage({
            ecosystem: ECOSYSTEM,
            name: `${m[1]}:${m[2]}`,
            version: m[3],
            groups: [...groups].sort(),
            locations: [{ path: input.path, line: i + 1 }],
          }),
        );
      });
    return { packages, errors };
  },
};
