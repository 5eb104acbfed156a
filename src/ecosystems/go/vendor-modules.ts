import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { linesEndingInLf } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { VENDOR_MODULES_FORMAT } from "./extractors.js";

const ECOSYSTEM = "Go";

/**
 * vendor/modules.txt, written by `go mod vendor`: one `# module version [=> replacement [version]]` header per
 * vendored module, followed by `## explicit...` markers and the vendored package paths. Each module is reported
 * once (its replacement when replaced; a local-directory replacement under the path, unresolved); headers
 * that are not of this shape, and lines outside a module, are reported as errors.
 */
export const vendorModulesExtractor: SyncExtractor = {
  ...VENDOR_MODULES_FORMAT,
  extract(input: ExtractInput): ExtractResult {
    // A module appears once per group of vendored packages, so the same header can repeat.
    const byKey = new Map<string, Package>();
    const errors: InventoryError[] = [];
    const fail = (line: number, message: string) => errors.push({ path: input.path, line, message });
    const lines = linesEndingInLf(input.text, "vendor/modules.txt", "vendor/modules.txt", "the go command");
    let inModule = false;
    for (let i = 0; i < lines.length; i++) {
      const lineNo = i + 1;
      const line = lines[i].trim();
      if (line === "") continue;
      if (line.startsWith("## ")) {
        if (!inModule) fail(lineNo, `"${line}" outside a module header`);
        continue;
      }
      if (!line.startsWith("# ")) {
        if (!inModule) fail(lineNo, `package "${line}" outside a module header`);
        continue;
      }
      const header = parseHeader(line.slice(2).trim().split(/\s+/));
      inModule = header !== undefined && typeof header !== "string";
      if (typeof header === "string" || header === undefined) {
        fail(lineNo, `malformed module header "${line}"${header ? `: ${header}` : ""}`);
        continue;
      }
      const location = { path: input.path, line: lineNo };
      const key = `${header.name}@${header.version}`;
      const seen = byKey.get(key);
      if (seen) seen.locations.push(location);
      else {
        const { local, ...ref } = header;
        const unresolved = local ? { resolved: false, purl: "" } : {};
        byKey.set(key, newPackage({ ecosystem: ECOSYSTEM, ...ref, locations: [location], ...unresolved }));
      }
    }
    return { packages: [...byKey.values()], errors };
  },
};

type Header = { name: string; version: string; local?: boolean };

/** `module v1.2.3`, `module v1 => other v2`, `module [v1] => ./dir`; a string explains a rejection. */
function parseHeader(tokens: string[]): Header | string | undefined {
  const arrow = tokens.indexOf("=>");
  const left = arrow < 0 ? tokens : tokens.slice(0, arrow);
  const right = arrow < 0 ? [] : tokens.slice(arrow + 1);
  const [module, version] = left;
  if (!module || left.length > 2) return undefined;
  if (version !== undefined) {
    const problem = checkVersion(module, version);
    if (problem) return problem;
  }
  if (arrow < 0) return version === undefined ? "no version" : { name: module, version: version.slice(1) };
  const [to, toVersion] = right;
  if (!to) return "replacement missing";
  if (right.length > 2)
    return `replacement "${right.join(" ")}" is neither a module version nor a local path`;
  if (toVersion === undefined) {
    if (!/^(\.\.?\/|\/|[A-Za-z]:\\)/.test(to))
      return `replacement "${to}" is neither a module version nor a local path`;
    return { name: to, version: "", local: true };
  }
  const problem = checkVersion(to, toVersion);
  return problem ?? { name: to, version: toVersion.slice(1) };
}

function checkVersion(module: string, version: string): string | undefined {
  if (!/^v\d+\.\d+\.\d+/.test(version)) return `"${version}" is not a module version`;
  // Major versions 2+ live at a path ending in /vN (https://go.dev/ref/mod#major-version-suffixes).
  const suffix = module.match(/\/v(\d+)$/)?.[1] ?? module.match(/^gopkg\.in\/.*\.v(\d+)$/)?.[1];
  const major = version.match(/^v(\d+)/)![1];
  if (suffix && suffix !== major && !(suffix === "1" && major === "0")) {
    return `version ${version} does not match the major version suffix of ${module}`;
  }
  if (!suffix && Number(major) >= 2 && !version.endsWith("+incompatible")) {
    return `version ${version} needs a /v${major} module path (or +incompatible)`;
  }
  return undefined;
}
