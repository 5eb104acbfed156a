import type { Extractor } from "../types.js";
import { dpkgStatusExtractor } from "./dpkg-status.js";

// The dpkg extractor serves Ubuntu too: it names the ecosystem from the tree's os-release.
export const extractors: Extractor[] = [dpkgStatusExtractor];
