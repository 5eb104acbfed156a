import type { Extractor } from "../types.js";
import { gradleLockfileExtractor } from "./gradle-lockfile.js";
import { gradleVerificationMetadataExtractor } from "./gradle-verification-metadata.js";
import { gradleVersionCatalogExtractor } from "./gradle-version-catalog.js";
import { pomXmlExtractor } from "./pom-xml.js";

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: Extractor[] = [
  pomXmlExtractor,
  gradleLockfileExtractor,
  gradleVerificationMetadataExtractor,
  gradleVersionCatalogExtractor,
];
