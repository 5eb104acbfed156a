import type { Extractor } from "../types.js";
import { apkInstalledExtractor } from "./apk-installed.js";

/** This ecosystem's file formats, in the order the inventory tries them. */
export const extractors: Extractor[] = [apkInstalledExtractor];
