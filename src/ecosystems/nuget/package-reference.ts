import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { normalizeLineBreaks } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import { lineOf } from "../parse-text.js";
import { parseXmlText, xmlElements, xmlValue } from "../parse-xml.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { CENTRAL_FILE, PACKAGE_REFERENCE_FORMAT } from "./extractors.js";

/** How far up the tree a project looks for Directory.Packages.props (as MSBuild does, to the root). */
const MAX_PARENT_LEVELS = 32;

/**
 * MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`) and central package management files
 * (`Directory.Packages.props`, `Directory.Build.props`): `<PackageReference Include Version>`,
 * `<PackageVersion>` and `<GlobalPackageReference>`. A reference without a version takes it from the nearest
 * Directory.Packages.props above the project; `$(Property)` versions are resolved from the same file's
 * PropertyGroup. Floating versions and ranges are reported unresolved.
 */
export const packageReferenceExtractor: Extractor = {
  ...PACKAGE_REFERENCE_FORMAT,
  extract: extractPackageReferences,
};

interface Reference {
  tag: string;
  name: string;
  version: string;
  line?: number;
  dev: boolean;
}

async function extractPackageReferences(input: ExtractInput): Promise<ExtractResult> {
  const { path, readFile } = input;
  const text = normalizeLineBreaks(input.text); // XML reads CR LF and a lone CR as LF (XML 1.0, 2.11)
  const doc = parseXmlText(text, "MSBuild project file");
  if (!("Project" in doc)) throw new ExtractError("no <Project> root element: not an MSBuild file");
  const central = CENTRAL_FILE.test(path) ? new Map<string, string>() : await centralVersions(path, readFile);
  const packages: Package[] = [];
  const errors: InventoryError[] = [];
  for (const ref of references(doc.Project, text, central)) {
    if (!ref.name) {
      errors.push({
        path,
        line: ref.line,
        message: `<${ref.tag}> with an empty or missing Include: skipped`,
      });
    } else if (!ref.version) {
      errors.push({
        path,
        line: ref.line,
        message: `${ref.name}: no version here nor in a Directory.Packages.props above: skipped`,
      });
    } else {
      packages.push(
        newPackage({
          ecosystem: "NuGet",
          name: ref.name,
          version: ref.version.replace(/^\[([^,\]]+)\]$/, "$1"),
          direct: true,
          groups: ref.dev ? ["dev"] : [],
          locations: [{ path, line: ref.line }],
          resolved: isExactVersion(ref.version),
        }),
      );
    }
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}

function references(project: unknown, text: string, central: Map<string, string>): Reference[] {
  const properties = propertyValues(project);
  const result: Reference[] = [];
  for (const tag of ["PackageReference", "PackageVersion", "GlobalPackageReference"]) {
    let from = 0;
    for (const element of xmlElements(project, tag)) {
      const name = xmlValue(element, "Include") ?? xmlValue(element, "Update");
      if (name === undefined && xmlValue(element, "Remove") !== undefined) continue; // removes, declares nothing
      if (name === undefined) {
        result.push({ tag, name: "", version: "", dev: false });
        continue;
      }
      const at = text.indexOf(`"${name}"`, from);
      if (at >= 0) from = at + 1;
      const declared = xmlValue(element, "VersionOverride") ?? xmlValue(element, "Version");
      const version = expand(declared || central.get(name.toLowerCase()) || "", properties);
      const privateAssets = xmlValue(element, "PrivateAssets")?.toLowerCase();
      result.push({
        tag,
        name,
        version,
        line: at >= 0 ? lineOf(text, `"${name}"`, at) : undefined,
        dev: privateAssets === "all",
      });
    }
  }
  return result;
}

/** `$(Name)` from the file's own PropertyGroups; anything else is left as written. */
function expand(version: string, properties: Map<string, string>): string {
  return version.replace(
    /\$\(([\w.-]+)\)/g,
    (whole, name: string) => properties.get(name.toLowerCase()) ?? whole,
  );
}

function propertyValues(project: unknown): Map<string, string> {
  const values = new Map<string, string>();
  for (const group of xmlElements(project, "PropertyGroup")) {
    for (const [key, value] of Object.entries(group)) {
      if (typeof value === "string") values.set(key.toLowerCase(), value.trim());
    }
  }
  return values;
}

/** Versions declared in the nearest Directory.Packages.props at or above the project's folder. */
async function centralVersions(
  path: string,
  readFile: ExtractInput["readFile"],
): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  const depth = Math.min(path.split("/").length - 1, MAX_PARENT_LEVELS);
  for (let level = 0; level <= depth; level++) {
    const candidate = `${"../".repeat(level)}Directory.Packages.props`;
    const text = await readFile(candidate);
    if (text === undefined) continue;
    try {
      const doc = parseXmlText(normalizeLineBreaks(text), "Directory.Packages.props");
      for (const element of xmlElements(doc, "PackageVersion")) {
        const name = xmlValue(element, "Include") ?? xmlValue(element, "Update");
        const version = xmlValue(element, "Version");
        if (name && version) versions.set(name.toLowerCase(), version);
      }
    } catch {
      // the props file reports its own error when the inventory reads it
    }
    break;
  }
  return versions;
}

/** NuGet resolves a bare version to itself; "[1,2)", "1.*" and unexpanded "$(X)" are not one version. */
function isExactVersion(version: string): boolean {
  return /^\[?[0-9A-Za-z.+-]+\]?$/.test(version) && !version.includes("*");
}
