import { XMLParser, XMLValidator } from "fast-xml-parser";
import { isRecord, lineAndColumn, requireText, syntaxError } from "./parse-text.js";

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
});

/**
 * Parses XML (fast-xml-parser, values kept as text, attributes prefixed "@"; pass another parser for other
 * options) after checkXml; malformed input throws ExtractError with its line and column. `what` names the
 * expected document ("packages.config").
 */
export function parseXmlText(
  text: string,
  what: string,
  parser: XMLParser = xmlParser,
): Record<string, unknown> {
  checkXml(text, what);
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw syntaxError("XML", what, error);
  }
}

/**
 * Throws ExtractError (with line and column) unless `text` is one well-formed XML document. fast-xml-parser's
 * validator checks tags and attributes; it lets through what the scan below refuses, as every XML parser
 * must: markup that is neither a comment, CDATA, a processing instruction nor the DOCTYPE (a broken "<!-"
 * comment), a second root element, and references to entities other than XML's five predefined ones and
 * character references (a DTD's entities are never expanded: entity bombs, and values Maven or MSBuild would
 * refuse). So a document is read whole or not at all.
 */
export function checkXml(text: string, what: string): void {
  requireText(text, what);
  let verdict: ReturnType<typeof XMLValidator.validate>;
  try {
    verdict = XMLValidator.validate(text);
  } catch (error) {
    throw syntaxError("XML", what, error);
  }
  if (verdict !== true) {
    throw syntaxError("XML", what, new Error(verdict.err.msg), {
      line: verdict.err.line,
      column: verdict.err.col,
    });
  }
  checkStructure(text, what);
}

// "&" must start &amp; &lt; &gt; &quot; &apos; or a character reference.
const BAD_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)([A-Za-z_:][\w.:-]*;)?/;

/** One linear pass over the markup: roots, markup declarations and entity references (see checkXml). */
function checkStructure(text: string, what: string): void {
  const fail = (offset: number, reason: string): never => {
    throw syntaxError("XML", what, new Error(reason), lineAndColumn(text, offset));
  };
  const references = (from: number, to: number) => {
    const m = BAD_REFERENCE.exec(text.slice(from, to));
    if (!m) return;
    fail(
      from + m.index,
      m[1]
        ? `entity reference &${m[1]} is not one of XML's predefined entities (DTD entities are not expanded)`
        : 'a bare "&" (write it as &amp;)',
    );
  };
  const endOf = (from: number, terminator: string, what: string) => {
    const end = text.indexOf(terminator, from);
    if (end < 0) fail(from, `${what} is never closed`);
    return end + terminator.length;
  };
  let depth = 0;
  let roots = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf("<", i);
    const textEnd = lt < 0 ? text.length : lt;
    if (depth > 0) references(i, textEnd);
    else {
      const stray = text.slice(i, textEnd).search(/\S/);
      if (stray >= 0) fail(i + stray, "text outside the root element");
    }
    if (lt < 0) break;
    if (text.startsWith("<!--", lt)) i = endOf(lt + 4, "-->", "a comment");
    else if (text.startsWith("<![CDATA[", lt)) i = endOf(lt + 9, "]]>", "a CDATA section");
    else if (text.startsWith("<?", lt)) i = endOf(lt + 2, "?>", "a processing instruction");
    else if (text.startsWith("<!DOCTYPE", lt)) {
      if (roots > 0) fail(lt, "a DOCTYPE after the root element");
      i = doctypeEnd(text, lt, fail);
    } else if (text.startsWith("<!", lt)) {
      fail(lt, '"<!" starts neither a comment ("<!--"), a CDATA section nor the DOCTYPE');
    } else {
      const end = tagEnd(text, lt, fail);
      if (text[lt + 1] === "/") depth--;
      else {
        if (depth === 0 && ++roots > 1) fail(lt, "a second root element (an XML document has exactly one)");
        references(lt, end);
        if (text[end - 2] !== "/") depth++;
      }
      i = end;
    }
  }
}

/** Offset after the ">" closing the tag that starts at `lt`; ">" inside quoted attribute values does not count. */
function tagEnd(text: string, lt: number, fail: (offset: number, reason: string) => never): number {
  let quote = "";
  for (let j = lt + 1; j < text.length; j++) {
    const c = text[j]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return j + 1;
  }
  return fail(lt, "a tag is never closed");
}

/** Offset after the DOCTYPE declaration starting at `lt`, its internal subset ("[...]") included. */
function doctypeEnd(text: string, lt: number, fail: (offset: number, reason: string) => never): number {
  let quote = "";
  let inSubset = false;
  for (let j = lt + 9; j < text.length; j++) {
    const c = text[j]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[") inSubset = true;
    else if (c === "]") inSubset = false;
    else if (c === ">" && !inSubset) return j + 1;
  }
  return fail(lt, "the DOCTYPE is never closed");
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
