import type { Extractor } from "../types.js";
import { apkInstalledExtractor } from "./apk-installed.js";

export const extractors: Extractor[] = [apkInstalledExtractor];
