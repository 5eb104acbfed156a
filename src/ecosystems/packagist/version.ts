import { genericVersions } from "../generic-version.js";
import type { VersionScheme } from "../types.js";

// Placeholder until this ecosystem's own ordering is implemented.
export const versions: VersionScheme = genericVersions;
