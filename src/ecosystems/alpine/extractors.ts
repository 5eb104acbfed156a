import { fileNamed, lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

/** apk's database of installed packages, relative to the root file system. */
export const APK_DB_PATH = "lib/apk/db/installed";

export const APK_INSTALLED_FORMAT: ExtractorDescriptor = {
  format: "installed",
  ecosystem: "Alpine",
  matches: fileNamed(APK_DB_PATH),
};

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(APK_INSTALLED_FORMAT, () =>
    import("./apk-installed.js").then((m) => m.apkInstalledExtractor),
  ),
];
