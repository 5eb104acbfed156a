import { XMLParser, XMLValidator } from "fast-xml-parser";
import { failParse, isRecord, requireText } from "./parse-text.js";

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
});

/**
 * Parses XML (fast-xml-parser, values kept as text, attributes prefixed "@"; pass another parser for other
 * options); malformed input throws ExtractError with its line.
 */
export function parseXmlText(
  path: string,
  text: string,
  parser: XMLParser = xmlParser,
): Record<string, unknown> {
  requireText(path, text, "XML");
  let verdict: ReturnType<typeof XMLValidator.validate>;
  try {
    verdict = XMLValidator.validate(text);
  } catch (error) {
    failParse(path, "XML", error);
  }
  if (verdict !== true) failParse(path, "XML", new Error(verdict.err.msg), verdict.err.line);
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    failParse(path, "XML", error);
  }
}

/** Every element named `tag` (case-insensitive) anywhere below `node`, in document order. */
export function xmlElements(node: unknown, tag: string): Record<string, unknown>[] {
  const wanted = tag.toLowerCase();
  const found: Record<string, unknown>[] = [];
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push(current[i]);
    } else if (isRecord(current)) {
      const children = Object.entries(current).filter(([key]) => !key.startsWith("@"));
      for (let i = children.length - 1; i >= 0; i--) {
        const [key, value] = children[i]!;
        if (key.toLowerCase() === wanted) {
          for (const element of Array.isArray(value) ? value : [value]) {
            found.push(isRecord(element) ? element : { "#text": element });
          }
        } else {
          stack.push(value);
        }
      }
    }
  }
  return found;
}

/** An attribute or child element's text, matched case-insensitively as MSBuild does. */
export function xmlValue(element: Record<string, unknown>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(element)) {
    const bare = key.startsWith("@") ? key.slice(1) : key;
    if (bare.toLowerCase() !== wanted) continue;
    if (typeof value === "string") return value.trim();
    if (isRecord(value) && typeof value["#text"] === "string") return value["#text"].trim();
  }
  return undefined;
}
