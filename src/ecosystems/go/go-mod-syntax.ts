import { ExtractError } from "../errors.js";
import { linesEndingInLf } from "../line-breaks.js";

/** One directive line of a go.mod, with the block it sits in unfolded: `require ( a v1 )` -> verb "require". */
export interface GoModLine {
  verb: string;
  /** The tokens after the verb (quoted paths unquoted), the trailing comment removed. */
  args: string[];
  /** The trailing `//` comment, without the slashes and trimmed ("indirect"). */
  comment: string;
  /** 1-based line number. */
  line: number;
}

// Every directive the go command accepts (https://go.dev/ref/mod#go-mod-file-grammar); anything else means
// the file is not a go.mod, which is how the go command itself decides.
const DIRECTIVES = new Set([
  "module",
  "go",
  "toolchain",
  "godebug",
  "require",
  "exclude",
  "replace",
  "retract",
  "tool",
  "ignore",
]);

/**
 * Splits a go.mod into directive lines, unfolding `verb ( ... )` blocks. Throws ExtractError (with the line)
 * for an unknown directive, an unterminated block or a lone CR line break (the go command reads a CR as a
 * space, so such a file is one long line to it), as `go mod edit` would refuse the file.
 */
export function parseGoModLines(text: string): GoModLine[] {
  const out: GoModLine[] = [];
  let block: { verb: string; line: number } | undefined;
  const lines = linesEndingInLf(text, "go.mod", "go.mod", "the go command");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const { code, comment } = splitComment(lines[i]);
    const tokens = tokenize(code, lineNo);
    if (tokens.length === 0) continue;
    if (block) {
      if (tokens.length === 1 && tokens[0] === ")") {
        block = undefined;
        continue;
      }
      out.push({ verb: block.verb, args: tokens, comment, line: lineNo });
      continue;
    }
    const [verb, ...args] = tokens;
    if (!DIRECTIVES.has(verb)) {
      throw new ExtractError(`unknown directive "${verb}": not a go.mod file`, {
        line: lineNo,
        hint: "a go.mod starts with directives such as module, go, require",
      });
    }
    if (args.length === 1 && args[0] === "(") {
      block = { verb, line: lineNo };
      continue;
    }
    out.push({ verb, args, comment, line: lineNo });
  }
  if (block) {
    throw new ExtractError(`"${block.verb} (" block is never closed (file truncated?)`, {
      line: block.line,
      hint: "check that the file is a complete go.mod",
    });
  }
  return out;
}

function splitComment(line: string): { code: string; comment: string } {
  // "//" inside a quoted path is not a comment; go.mod paths rarely contain quotes, so scan simply.
  let inQuote = false;
  for (let i = 0; i < line.length - 1; i++) {
    const ch = line[i];
    if (ch === '"' || ch === "`") inQuote = !inQuote;
    else if (!inQuote && ch === "/" && line[i + 1] === "/") {
      return { code: line.slice(0, i), comment: line.slice(i + 2).trim() };
    }
  }
  return { code: line, comment: "" };
}

function tokenize(code: string, line: number): string[] {
  const tokens: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(=>|\(|\))|([^\s"`()]+)/g;
  let consumed = 0;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    if (code.slice(consumed, m.index).trim() !== "") break;
    consumed = m.index + m[0].length;
    if (m[1] !== undefined) {
      try {
        tokens.push(JSON.parse(`"${m[1]}"`));
      } catch {
        throw new ExtractError(`invalid quoted string ${m[0]}`, { line, column: m.index + 1 });
      }
    } else tokens.push(m[2] ?? m[3] ?? m[4]);
  }
  if (code.slice(consumed).trim() !== "") {
    throw new ExtractError("unterminated quoted string", { line, column: consumed + 1 });
  }
  return tokens;
}
