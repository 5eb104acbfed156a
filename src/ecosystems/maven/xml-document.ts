import { XMLParser } from "fast-xml-parser";
import { syntaxError } from "../parse-text.js";
import { checkXml } from "../parse-xml.js";

/** An element as fast-xml-parser gives it (attributes as "@_name" children when asked); text-only elements are strings. */
export type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

const METADATA: symbol = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Deeper than any real POM; bounds the parser's recursion on hostile input. */
const MAX_DEPTH = 64;

const OPTIONS = {
  // "1.10" must stay a string, never the number 1.1.
  parseTagValue: false,
  trimValues: true,
  // No DOCTYPE entity expansion (checkXml refuses other references); the five predefined entities and
  // character references are decoded by decodeXmlText.
  processEntities: false,
  captureMetaData: true,
  maxNestedTags: MAX_DEPTH,
  isArray: (name: string) => ["dependency", "profile", "component", "artifact"].includes(name),
};
const parsers = {
  elements: new XMLParser({ ...OPTIONS, ignoreAttributes: true }),
  // Attributes appear as children named "@_name".
  attributes: new XMLParser({
    ...OPTIONS,
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseAttributeValue: false,
  }),
};

/**
 * Parses XML for an extractor: anything but one well-formed document (see checkXml) becomes an ExtractError
 * with its line and column, and nesting deeper than MAX_DEPTH is refused. Returns the document and `lineOf`,
 * the 1-based line of an element. With `attributes`, an element's attributes are kept as children named
 * "@_name". `what` names the expected document ("pom.xml").
 */
export function parseXmlDocument(
  text: string,
  what: string,
  options: { attributes?: boolean } = {},
): { root: Record<string, XmlNode>; lineOf: (node: unknown) => number | undefined } {
  checkXml(text, what);
  let root: Record<string, XmlNode>;
  try {
    root = (options.attributes ? parsers.attributes : parsers.elements).parse(text);
  } catch (error) {
    throw syntaxError(
      "XML",
      what,
      error,
      undefined,
      `elements nested deeper than ${MAX_DEPTH} levels are refused`,
    );
  }
  const newlines: number[] = [];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) newlines.push(i);
  const lineOf = (node: unknown): number | undefined => {
    const meta = (node as Record<symbol, { startIndex?: number } | undefined> | undefined)?.[METADATA];
    const start = meta?.startIndex;
    if (start === undefined) return undefined;
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  return { root, lineOf };
}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Decodes XML's predefined and numeric character references (the parser leaves them, see above). */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== "#") return PREDEFINED[ref];
    const code = ref[1] === "x" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The text of a child element ("" for an empty element), or undefined when absent or not text. */
export function childText(node: XmlNode | XmlNode[] | undefined, name: string): string | undefined {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
  const child = node[name];
  return typeof child === "string" ? decodeXmlText(child) : undefined;
}

/** A child element that has children of its own, or undefined. */
export function childElement(
  node: XmlNode | XmlNode[] | undefined,
  name: string,
): Record<string, XmlNode | XmlNode[]> | undefined {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return undefined;
  const child = node[name];
  return typeof child === "object" && child !== null && !Array.isArray(child) ? child : undefined;
}

/** Child elements of a repeated name (always an array; see isArray above). */
export function childList(node: XmlNode | XmlNode[] | undefined, name: string): XmlNode[] {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return [];
  const child = node[name];
  return Array.isArray(child) ? child : child === undefined ? [] : [child];
}
