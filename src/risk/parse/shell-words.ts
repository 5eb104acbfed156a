/**
 * A small shell reader: enough of POSIX sh to find commands, pipelines, redirections and process
 * substitutions in scripts, Dockerfile RUN lines and workflow `run:` steps. It does not execute or expand
 * anything; words made of several parts (`$VAR`, `"a$b"`) are dropped as Scorecard's reader drops them.
 */

/** One simple command: its literal words (without `sudo`), output redirection target, and 1-based line. */
export interface ShellCommand {
  words: string[];
  redirectTo?: string;
  line: number;
  /** Bodies of `<(...)` process substitutions among the arguments, in order. */
  processSubstitutions: string[];
  /** Bodies of `$(...)` / backtick command substitutions, analysed as scripts of their own. */
  commandSubstitutions: string[];
  /** The words as written (for evidence messages). */
  text: string;
}

/** A pipeline: commands joined by `|`. Statements are separated by `;`, `&&`, `||`, `&` or newlines. */
export type ShellPipeline = ShellCommand[];

interface Token {
  kind: "word" | "op" | "newline";
  value: string;
  /** Whether the word is a single literal part (quoted or bare) that Scorecard's reader keeps. */
  literal: boolean;
  line: number;
}

const OPERATORS = ["&&", "||", ";;", "|&", ">>", "&>", "<(", "|", ";", "&", ">", "<"];
/** `2>file`, `2>>file`, `2>&1`, `1>file`: redirections of a numbered descriptor. */
const FD_REDIRECT = /^(\d+)(>>?|<)(&\d+|&-)?/;
/** `<<EOF` / `<<-'EOF'`: a here-document, whose body is data, not commands. */
const HEREDOC = /^<<(-?)\s*(['"]?)([A-Za-z_][\w.-]*)\2/;

/** Reads a `(...)` body starting after the opening parenthesis; returns the body and the index after `)`. */
function readBalanced(text: string, start: number): { body: string; end: number } {
  let depth = 1;
  let i = start;
  let quote: string | null = null;
  while (i < text.length) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) return { body: text.slice(start, i), end: i + 1 };
    }
    i++;
  }
  return { body: text.slice(start), end: text.length };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === "\n") {
      i += 2;
      line++;
      continue;
    }
    if (c === "\n") {
      tokens.push({ kind: "newline", value: "\n", literal: true, line });
      line++;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    const heredoc = HEREDOC.exec(text.slice(i, i + 200));
    if (heredoc) {
      // Skip to the line holding only the delimiter; the body's lines still count.
      const bodyStart = text.indexOf("\n", i);
      const delimiter = new RegExp(`^${heredoc[1] ? "\\t*" : ""}${heredoc[3].replace(/[.]/g, "\\.")}$`, "m");
      const rest = bodyStart === -1 ? "" : text.slice(bodyStart + 1);
      const found = delimiter.exec(rest);
      const end = found ? bodyStart + 1 + found.index + found[0].length : text.length;
      tokens.push({ kind: "newline", value: "\n", literal: true, line });
      line += countNewlines(text.slice(i, end));
      i = end;
      continue;
    }
    const fd =
      /\d/.test(c) && (i === 0 || /\s/.test(text[i - 1])) ? FD_REDIRECT.exec(text.slice(i, i + 12)) : null;
    if (fd) {
      i += fd[0].length;
      // Standard output redirected to a file is a download target; other descriptors are not.
      if (fd[1] === "1" && fd[2] !== "<" && !fd[3])
        tokens.push({ kind: "op", value: ">", literal: true, line });
      else if (!fd[3]) tokens.push({ kind: "op", value: "fd", literal: true, line });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === "<(") {
      const { body, end } = readBalanced(text, i + 2);
      tokens.push({ kind: "word", value: `<(${body})`, literal: false, line });
      line += countNewlines(body);
      i = end;
      continue;
    }
    if (op) {
      tokens.push({ kind: "op", value: op, literal: true, line });
      i += op.length;
      continue;
    }
    const startLine = line;
    const word = readWord(text, i);
    line += countNewlines(text.slice(i, word.end));
    tokens.push({
      kind: "word",
      value: word.value,
      literal: word.parts <= 1 && !word.dynamic,
      line: startLine,
    });
    i = word.end;
  }
  return tokens;
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === "\n") n++;
  return n;
}

/** Reads one word; counts its parts (bare run, quoted run) and notes parameter/command substitutions. */
function readWord(
  text: string,
  start: number,
): { value: string; end: number; parts: number; dynamic: boolean } {
  let i = start;
  let value = "";
  let parts = 0;
  let dynamic = false;
  let inBare = false;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === ";" || c === "|" || c === "&") break;
    if (c === ">" || c === "<") break;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      value += text.slice(i, end + 1);
      parts++;
      inBare = false;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\") j++;
        else if (text[j] === "$") dynamic = true;
        j++;
      }
      value += text.slice(i, j + 1);
      parts++;
      inBare = false;
      i = j + 1;
      continue;
    }
    if (c === "$" && text[i + 1] === "(") {
      const { body, end } = readBalanced(text, i + 2);
      value += `$(${body})`;
      dynamic = true;
      i = end;
      continue;
    }
    if (c === "`") {
      const close = text.indexOf("`", i + 1);
      const end = close === -1 ? text.length : close;
      value += text.slice(i, end + 1);
      dynamic = true;
      i = end + 1;
      continue;
    }
    if (c === "\\" && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "$") dynamic = true;
    if (!inBare) {
      parts++;
      inBare = true;
    }
    value += c;
    i++;
  }
  return { value, end: i, parts, dynamic };
}

/** Extracts the bodies of `$(...)` and backtick substitutions inside a word. */
function commandSubstitutionsOf(word: string): string[] {
  const found: string[] = [];
  let i = word.indexOf("$(");
  while (i !== -1) {
    const { body, end } = readBalanced(word, i + 2);
    found.push(body);
    i = word.indexOf("$(", end);
  }
  for (const m of word.matchAll(/`([^`]*)`/g)) found.push(m[1]);
  return found;
}

/**
 * Splits a script into statements, each a pipeline of simple commands. Lines are 1-based relative to the
 * start of `text`.
 */
export function parseShell(text: string): ShellPipeline[] {
  const statements: ShellPipeline[] = [];
  let pipeline: ShellPipeline = [];
  let current: ShellCommand | null = null;
  /** The next word is a redirection target: of standard output (a possible download) or of anything else. */
  let redirect: "stdout" | "other" | null = null;
  const finishCommand = () => {
    if (current && (current.words.length > 0 || current.processSubstitutions.length > 0))
      pipeline.push(current);
    current = null;
  };
  const finishStatement = () => {
    finishCommand();
    if (pipeline.length > 0) statements.push(pipeline);
    pipeline = [];
  };
  for (const token of tokenize(text)) {
    if (token.kind === "newline") {
      finishStatement();
      continue;
    }
    if (token.kind === "op") {
      if (token.value === "|" || token.value === "|&") finishCommand();
      else if (token.value === ">" || token.value === ">>" || token.value === "&>") redirect = "stdout";
      else if (token.value === "<" || token.value === "fd") redirect = "other";
      else finishStatement();
      continue;
    }
    current ??= { words: [], line: token.line, processSubstitutions: [], commandSubstitutions: [], text: "" };
    const command: ShellCommand = current;
    command.text = command.text ? `${command.text} ${token.value}` : token.value;
    if (redirect) {
      if (redirect === "stdout" && token.literal && !command.redirectTo) command.redirectTo = token.value;
      redirect = null;
      continue;
    }
    if (token.value.startsWith("<(")) {
      command.processSubstitutions.push(token.value.slice(2, -1));
      continue;
    }
    command.commandSubstitutions.push(...commandSubstitutionsOf(token.value));
    if (!token.literal) continue;
    if (token.value.toLowerCase() === "sudo") continue;
    // Leading variable assignments (CGO_ENABLED=0 make) are not the command.
    if (command.words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(token.value)) continue;
    command.words.push(token.value);
  }
  finishStatement();
  return statements;
}
