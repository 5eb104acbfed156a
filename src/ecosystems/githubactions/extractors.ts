import { lazyExtractor } from "../extractor-entry.js";
import type { ExtractorDescriptor, ExtractorEntry } from "../types.js";

const WORKFLOW = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const ACTION = /(^|\/)action\.ya?ml$/;

export const WORKFLOW_FORMAT: ExtractorDescriptor = {
  format: "workflow.yml",
  ecosystem: "GitHub Actions",
  matches: (path) => WORKFLOW.test(path) || ACTION.test(path),
};

/** GitHub Actions file formats: workflows and action metadata. */
export const extractors: ExtractorEntry[] = [
  lazyExtractor(WORKFLOW_FORMAT, () => import("./workflow.js").then((m) => m.workflowExtractor)),
];
