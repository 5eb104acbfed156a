import { ExtractError } from "../../ecosystems/errors.js";
import { normalizeLineBreaks } from "../../ecosystems/line-breaks.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../../ecosystems/types.js";
import type { InventoryError } from "../../model/inventory.js";
import { SPDX_TAG_VALUE_FORMAT } from "./formats.js";
import { packagesFromGraph } from "./sbom-graph.js";
import { spdxGraph } from "./spdx.js";

/** SPDX 2.x tag-value: `*.spdx`. */
export const spdxTagValueExtractor: SyncExtractor = {
  ...SPDX_TAG_VALUE_FORMAT,
  extract: ({ path, text }: ExtractInput) => readSpdxTagValue(path, text),
};

/** Reads an SPDX tag-value document by converting it to the JSON model; throws ExtractError when it is not one. */
export function readSpdxTagValue(path: string, text: string): ExtractResult {
  const bad: number[] = [];
  const read = packagesFromGraph(path, spdxGraph(tagValueToJson(text, bad)));
  if (bad.length === 0) return read;
  const errors: InventoryError[] = bad.map((line) => ({
    path,
    line,
    message: 'not a "Tag: value" line: not read',
  }));
  return { packages: read.packages, errors: [...errors, ...(read.errors ?? [])] };
}

/**
 * The parts of the JSON model a tag-value document gives: SPDXID, packages, relationships. The lines that are
 * neither "Tag: value", a comment nor blank are pushed to `bad` (1-based).
 */
export function tagValueToJson(text: string, bad: number[] = []): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  const packages: Record<string, unknown>[] = [];
  const relationships: Record<string, string>[] = [];
  let current: Record<string, unknown> | undefined;
  let section: "document" | "package" | "other" = "document";
  for (const { tag, value, line } of tagValues(normalizeLineBreaks(text), bad)) {
    switch (tag) {
      case "SPDXVersion":
        doc.spdxVersion = value;
        break;
      case "PackageName":
        current = { name: value, externalRefs: [], checksums: [] };
        packages.push(current);
        section = "package";
        break;
      case "FileName":
      case "SnippetSPDXID":
      case "LicenseID":
        section = "other";
        break;
      case "SPDXID":
        if (section === "package" && current) current.SPDXID = value;
        else if (section === "document") doc.SPDXID = value;
        break;
      case "PackageVersion":
        if (section === "package" && current) current.versionInfo = value;
        break;
      case "PackageLicenseConcluded":
      case "PackageLicenseDeclared":
        if (section === "package" && current)
          current[tag === "PackageLicenseConcluded" ? "licenseConcluded" : "licenseDeclared"] = value;
        break;
      case "ExternalRef": {
        const [category, type, locator] = value.split(/\s+/);
        if (section === "package" && current && type && locator) {
          (current.externalRefs as unknown[]).push({
            referenceCategory: category,
            referenceType: type,
            referenceLocator: locator,
          });
        }
        break;
      }
      case "PackageChecksum": {
        const match = /^([\w-]+):\s*([0-9a-fA-F]+)$/.exec(value);
        if (section === "package" && current && match) {
          (current.checksums as unknown[]).push({ algorithm: match[1], checksumValue: match[2] });
        }
        break;
      }
      case "Relationship": {
        const [element, type, related] = value.split(/\s+/);
        if (!element || !type || !related) {
          throw new ExtractError(`malformed Relationship "${value}"`, {
            line,
            hint: 'a relationship reads "Relationship: SPDXRef-A TYPE SPDXRef-B"',
          });
        }
        relationships.push({ spdxElementId: element, relationshipType: type, relatedSpdxElement: related });
        break;
      }
    }
  }
  if (typeof doc.spdxVersion !== "string" || !doc.spdxVersion.startsWith("SPDX-2.")) {
    throw new ExtractError('not an SPDX 2.x tag-value document: no "SPDXVersion: SPDX-2.x" line', {
      hint: "give an SPDX 2.2/2.3 document (or a CycloneDX one)",
    });
  }
  return { ...doc, packages, relationships };
}

/** "Tag: value" lines; a value opened with <text> runs to </text>, across lines. Comments (#) are skipped. */
function* tagValues(text: string, bad: number[]): Generator<{ tag: string; value: string; line: number }> {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([A-Za-z]+):\s?(.*)$/.exec(lines[i]!);
    if (!match) {
      if (lines[i]!.trim() !== "" && !lines[i]!.trimStart().startsWith("#")) bad.push(i + 1);
      continue;
    }
    const line = i + 1;
    let value = match[2]!;
    if (value.startsWith("<text>")) {
      while (!value.includes("</text>") && i + 1 < lines.length) value += `\n${lines[++i]}`;
      value = value.replace(/^<text>/, "").replace(/<\/text>[\s\S]*$/, "");
    }
    yield { tag: match[1]!, value: value.trim(), line };
  }
}
