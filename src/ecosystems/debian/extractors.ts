import type { Extractor } from "../types.js";
import { dpkgStatusExtractor } from "./dpkg-status.js";

/** dpkg's database; it serves Ubuntu too, naming the ecosystem from the tree's os-release. */
export const extractors: Extractor[] = [dpkgStatusExtractor];
