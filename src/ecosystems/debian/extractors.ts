import { lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

/** dpkg's status file, or the one-file-per-package status.d of distroless images (not their .md5sums lists). */
export const DPKG_STATUS_FORMAT: ExtractorDescriptor = {
  format: "status",
  ecosystem: "Debian",
  matches: (path) =>
    /(^|\/)var\/lib\/dpkg\/(status|status\.d\/[^/]+)$/.test(path) && !path.endsWith(".md5sums"),
};

/** dpkg's database; it serves Ubuntu too, naming the ecosystem from the tree's os-release. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(DPKG_STATUS_FORMAT, () => import("./dpkg-status.js").then((m) => m.dpkgStatusExtractor)),
];
