import type { Extractor } from "../types.js";
import { workflowExtractor } from "./workflow.js";

/** GitHub Actions file formats: workflows and action metadata. */
export const extractors: Extractor[] = [workflowExtractor];
