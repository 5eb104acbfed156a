import { XMLParser } from "fast-xml-parser";
import { ExtractError } from "../../ecosystems/errors.js";
import { normalizeLineBreaks } from "../../ecosystems/line-breaks.js";
import { isRecord } from "../../ecosystems/parse-text.js";
import { parseXmlText } from "../../ecosystems/parse-xml.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../../ecosystems/types.js";
import { cyclonedxGraph } from "./cyclonedx.js";
import { CYCLONEDX_XML_FORMAT } from "./formats.js";
import { packagesFromGraph } from "./sbom-graph.js";

/** CycloneDX XML namespaces: http://cyclonedx.org/schema/bom/1.0 ... 1.6 (and later minor versions). */
const ROOT =
  /<(?:[\w.-]+:)?bom\b[^>]*\sxmlns(?::[\w.-]+)?\s*=\s*["']https?:\/\/cyclonedx\.org\/schema\/bom\/1\.\d+["']/;
/** Elements that repeat: always arrays, so a single child reads like many. */
const REPEATED = new Set(["component", "dependency", "hash", "license", "expression"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
});

/** CycloneDX XML (1.2–1.6): `bom.xml`, `*.cdx.xml`, `*.bom.xml`. */
export const cyclonedxXmlExtractor: SyncExtractor = {
  ...CYCLONEDX_XML_FORMAT,
  extract: ({ path, text }: ExtractInput) => readCyclonedxXml(path, text),
};

/** Reads a CycloneDX XML document; throws ExtractError when it is not one. */
export function readCyclonedxXml(path: string, text: string): ExtractResult {
  const doc = parseXmlText(normalizeLineBreaks(text), "CycloneDX XML document", parser);
  const bom = isRecord(doc.bom) ? doc.bom : undefined;
  // the parser drops namespace declarations, so the root's namespace is checked in the text
  if (!bom || !ROOT.test(text)) {
    throw new ExtractError("not a CycloneDX XML document: no <bom> in a cyclonedx.org/schema/bom namespace", {
      hint: "give a CycloneDX XML SBOM (1.2–1.6)",
    });
  }
  return packagesFromGraph(path, cyclonedxGraph(toJsonShape(bom)));
}

/** The XML tree in CycloneDX's JSON shape (the parts cyclonedxGraph reads). */
function toJsonShape(bom: Record<string, unknown>): Record<string, unknown> {
  // <component> is parsed as a list everywhere, also the single subject in <metadata>
  const subject = isRecord(bom.metadata) ? [bom.metadata.component].flat()[0] : undefined;
  return {
    metadata: isRecord(subject) ? { component: component(subject) } : undefined,
    components: components(bom.components),
    dependencies: dependencies(bom.dependencies),
  };
}

function components(wrapper: unknown): Record<string, unknown>[] {
  if (!isRecord(wrapper) || !Array.isArray(wrapper.component)) return [];
  return wrapper.component.filter(isRecord).map(component);
}

function component(c: Record<string, unknown>): Record<string, unknown> {
  const hashes = isRecord(c.hashes) && Array.isArray(c.hashes.hash) ? c.hashes.hash : [];
  const licenses = isRecord(c.licenses) ? c.licenses : {};
  return {
    "bom-ref": c["@bom-ref"],
    name: text(c.name),
    group: text(c.group),
    version: text(c.version),
    purl: text(c.purl),
    scope: text(c.scope),
    hashes: hashes.filter(isRecord).map((h) => ({ alg: h["@alg"], content: text(h) })),
    licenses: [
      ...(Array.isArray(licenses.license) ? licenses.license.filter(isRecord) : []).map((l) => ({
        license: { id: text(l.id), name: text(l.name) },
      })),
      ...(Array.isArray(licenses.expression) ? licenses.expression : []).map((e) => ({
        expression: text(e),
      })),
    ],
    components: components(c.components),
  };
}

/** `<dependency ref="a"><dependency ref="b"/></dependency>` -> { ref: "a", dependsOn: ["b"] }. */
function dependencies(wrapper: unknown): Record<string, unknown>[] {
  if (!isRecord(wrapper) || !Array.isArray(wrapper.dependency)) return [];
  return wrapper.dependency.filter(isRecord).map((d) => ({
    ref: d["@ref"],
    dependsOn: (Array.isArray(d.dependency) ? d.dependency.filter(isRecord) : []).map((t) => t["@ref"]),
  }));
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (isRecord(value) && typeof value["#text"] === "string") return value["#text"].trim();
  return undefined;
}
