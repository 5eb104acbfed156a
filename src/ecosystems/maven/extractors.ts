import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

export const POM_XML_FORMAT: ExtractorDescriptor = {
  format: "pom.xml",
  ecosystem: "Maven",
  matches: fileNamed("pom.xml"),
};

export const GRADLE_LOCKFILE_FORMAT: ExtractorDescriptor = {
  format: "gradle.lockfile",
  ecosystem: "Maven",
  matches: (path) =>
    /(^|\/)((buildscript-)?gradle\.lockfile|gradle\/dependency-locks\/[^/]+\.lockfile)$/.test(path),
};

export const GRADLE_VERIFICATION_METADATA_FORMAT: ExtractorDescriptor = {
  format: "verification-metadata.xml",
  ecosystem: "Maven",
  matches: fileNamed("gradle/verification-metadata.xml"),
};

export const GRADLE_VERSION_CATALOG_FORMAT: ExtractorDescriptor = {
  format: "libs.versions.toml",
  ecosystem: "Maven",
  matches: (path) => /(^|\/)gradle\/[^/]+\.versions\.toml$/.test(path),
};

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(POM_XML_FORMAT, () => import("./pom-xml.js").then((m) => m.pomXmlExtractor)),
  lazyExtractor(GRADLE_LOCKFILE_FORMAT, () =>
    import("./gradle-lockfile.js").then((m) => m.gradleLockfileExtractor),
  ),
  lazyExtractor(GRADLE_VERIFICATION_METADATA_FORMAT, () =>
    import("./gradle-verification-metadata.js").then((m) => m.gradleVerificationMetadataExtractor),
  ),
  lazyExtractor(GRADLE_VERSION_CATALOG_FORMAT, () =>
    import("./gradle-version-catalog.js").then((m) => m.gradleVersionCatalogExtractor),
  ),
];
