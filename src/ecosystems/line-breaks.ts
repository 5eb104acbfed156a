import { lineAndColumn, syntaxError } from "./parse-text.js";

// How each format treats line breaks is decided by its own tool; the table is in docs/extractor-helpers.md.
// LF and CR LF are read everywhere. A lone CR (classic Mac line break) either ends a line, where the format's
// tool reads it so, or makes the file an error: read line by line as if it were LF-only, such a file would
// be one long line, and its packages would vanish without a word.

/** The text with CR LF and lone CR line breaks as LF, for formats whose tools end a line at a lone CR too. */
export function normalizeLineBreaks(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

/**
 * The lines of a text whose format ends lines at LF or CR LF only; throws ExtractError (line, column) at the
 * first lone CR, which `tool` (e.g. "the go command") does not read as a line break.
 */
export function linesEndingInLf(text: string, format: string, what: string, tool: string): string[] {
  const lone = /\r(?!\n)/.exec(text);
  if (lone) {
    throw syntaxError(
      format,
      what,
      new Error(
        `a lone CR (classic Mac line break) ends a line, which ${tool} does not read as a line break`,
      ),
      lineAndColumn(text, lone.index),
      "convert the file's line endings to LF or CR LF",
    );
  }
  return text.split(/\r?\n/);
}
