import { XMLParser, XMLValidator } from "fast-xml-parser";

/** Whether NuGet restores in this repository are locked, and the project files that could not be read. */
export interface NugetLocking {
  restoreLocked: boolean;
  reason: string;
  errors: { path: string; message: string }[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: () => true,
});

type XmlNode = Record<string, unknown[]>;

/** All elements named `name` anywhere below `node` (fast-xml-parser with isArray: every child is a list). */
function elements(node: unknown, name: string, out: XmlNode[] = []): XmlNode[] {
  if (node === null || typeof node !== "object") return out;
  for (const [key, value] of Object.entries(node as XmlNode)) {
    if (!Array.isArray(value)) continue;
    for (const child of value) {
      if (key === name) out.push(child as XmlNode);
      elements(child, name, out);
    }
  }
  return out;
}

function text(node: XmlNode): string {
  // A text-only element parses to its string; one with attributes to an object holding #text.
  if (typeof node === "string") return (node as string).trim();
  const value = (node as unknown as { "#text"?: unknown })["#text"];
  return String(Array.isArray(value) ? value[0] : (value ?? "")).trim();
}

function parse(path: string, content: string, errors: NugetLocking["errors"]): unknown {
  if (content.trim() === "") {
    errors.push({ path, message: `${path} is empty` });
    return undefined;
  }
  const valid = XMLValidator.validate(content);
  if (valid !== true) {
    errors.push({
      path,
      message: `${path} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`,
    });
    return undefined;
  }
  return parser.parse(content);
}

/** Central package management pins when it is on and every PackageVersion is an exact `[x.y.z]` version. */
function centralVersionsPinned(doc: unknown): boolean {
  const managed = elements(doc, "ManagePackageVersionsCentrally").some(
    (n) => text(n).toLowerCase() === "true",
  );
  const versions = elements(doc, "PackageVersion");
  return (
    managed &&
    versions.length > 0 &&
    versions.every((v) =>
      /^\[[^,\]]+\]$/.test(String((v as unknown as Record<string, unknown>)["@Version"] ?? "")),
    )
  );
}

/**
 * Decides whether `nuget restore` / `dotnet restore` / `msbuild /t:restore` resolve locked versions:
 * Directory.Packages.props pins every version centrally, or every .csproj sets RestoreLockedMode=true.
 * Empty and malformed project files are reported and count as not locked.
 */
export function nugetLocking(files: { path: string; content: string }[]): NugetLocking {
  const errors: NugetLocking["errors"] = [];
  const props = files.filter((f) => /(^|\/)Directory\.Packages\.props$/i.test(f.path));
  for (const p of props) {
    const doc = parse(p.path, p.content, errors);
    if (doc !== undefined && centralVersionsPinned(doc)) {
      return { restoreLocked: true, reason: `${p.path} pins every package version centrally`, errors };
    }
  }
  const projects = files.filter((f) => /\.csproj$/i.test(f.path));
  if (projects.length === 0) return { restoreLocked: false, reason: "no locked project files", errors };
  const unlocked = projects.filter((p) => {
    const doc = parse(p.path, p.content, errors);
    return (
      doc === undefined || !elements(doc, "RestoreLockedMode").some((n) => text(n).toLowerCase() === "true")
    );
  });
  return unlocked.length === 0
    ? { restoreLocked: true, reason: "every project sets RestoreLockedMode", errors }
    : { restoreLocked: false, reason: `${unlocked[0].path} does not set RestoreLockedMode`, errors };
}
