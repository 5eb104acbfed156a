import { linesEndingInLf } from "../line-breaks.js";

/** One stanza of a Debian control file (deb822): its fields by lower-case name, and where it starts. */
export interface ControlParagraph {
  /** Field values by lower-case name; continuation lines joined with "\n". */
  fields: Map<string, string>;
  /** 1-based line of the paragraph's first field. */
  line: number;
}

/**
 * Splits a deb822 text (dpkg status, apt lists) into paragraphs separated by blank lines. A line that is
 * neither `Name: value` nor a continuation (leading space or tab) is returned in `bad` by line number; a lone
 * CR line break, which dpkg does not read, throws ExtractError.
 */
export function parseControlParagraphs(text: string): { paragraphs: ControlParagraph[]; bad: number[] } {
  const paragraphs: ControlParagraph[] = [];
  const bad: number[] = [];
  let current: ControlParagraph | undefined;
  let lastField: string | undefined;
  const lines = linesEndingInLf(text, "deb822", "dpkg status file", "dpkg");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") {
      current = undefined;
      lastField = undefined;
      continue;
    }
    if (line[0] === " " || line[0] === "\t") {
      if (current && lastField)
        current.fields.set(lastField, `${current.fields.get(lastField)}\n${line.trim()}`);
      else bad.push(i + 1);
      continue;
    }
    const m = line.match(/^([^\s:][^:]*):(.*)$/);
    if (!m) {
      bad.push(i + 1);
      continue;
    }
    if (!current) {
      current = { fields: new Map(), line: i + 1 };
      paragraphs.push(current);
    }
    lastField = m[1].toLowerCase();
    current.fields.set(lastField, m[2].trim());
  }
  return { paragraphs, bad };
}
