import type { Package } from "./package.js";

/** A file that was read and the format it was read as (the format's usual file name). */
export interface InventorySource {
  path: string;
  format: string;
}

/** A problem with one input: the file, the line (and column) where known, and what went wrong. */
export interface InventoryError {
  path: string;
  line?: number;
  /** 1-based column of the problem on `line`, where the parser knows it. */
  column?: number;
  message: string;
}

/** Everything a project contains, as found in its lockfiles, manifests, OS databases and SBOMs. */
export interface Inventory {
  packages: Package[];
  sources: InventorySource[];
  errors: InventoryError[];
}
