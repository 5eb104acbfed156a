import { posix } from "node:path";
import type { InventoryError } from "../../model/inventory.js";
import { ExtractError } from "../errors.js";
import { newPackage } from "../new-package.js";
import { lineAt } from "../parse-text.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { GEMSPEC_FORMAT } from "./extractors.js";

const ECOSYSTEM = "RubyGems";

// A Ruby string literal ('x' or "x"), optionally .freeze'd.
const STRING = String.raw`(?:'([^'\\]*)'|"([^"\\]*)")(?:\.freeze)?`;

/**
 * A .gemspec: the gem it describes (installed gems keep one per gem under specifications/). The file is Ruby,
 * so it is read, not run: the name must be a string literal; the version a string literal or a constant
 * (`Mod::VERSION`, `VERSION`) or `Mod.version` method, looked up in this file and in the files it requires
 * (require_relative, File.join/expand_path/dirname forms, and lib/ for $LOAD_PATH requires). A version that
 * cannot be found this way is reported unresolved, with an error. Dependencies declared with add_dependency
 * are ranges of other gems and are not listed.
 */
export const gemspecExtractor: Extractor = {
  ...GEMSPEC_FORMAT,
  async extract(input: ExtractInput): Promise<ExtractResult> {
    const block = input.text.match(/Gem::Specification\.new\s+do\s*\|\s*(\w+)\s*\|/);
    if (!block) {
      throw new ExtractError('no "Gem::Specification.new do |spec|" block: not a gemspec', {
        hint: "Bulwark reads gemspecs without running them: the block must be written out",
      });
    }
    const variable = block[1];
    const assignment = (field: string) =>
      input.text.match(new RegExp(String.raw`^[ \t]*${variable}\.${field}[ \t]*=[ \t]*(.*)$`, "m"));
    const nameMatch = assignment("name");
    const name = nameMatch && literal(nameMatch[1]);
    if (!nameMatch || !name) {
      const line = nameMatch ? lineAt(input.text, nameMatch.index!) : undefined;
      throw new ExtractError("the gem name is not a string literal", {
        line,
        hint: "Bulwark reads gemspecs without running them: spec.name must be a string literal",
      });
    }
    const location = [{ path: input.path, line: lineAt(input.text, nameMatch.index!) }];
    const versionMatch = assignment("version");
    const expression = versionMatch?.[1].trim() ?? "";
    const version = literal(expression) ?? (await resolveConstant(expression, input));
    const errors: InventoryError[] = [];
    if (version === undefined) {
      errors.push({
        path: input.path,
        line: versionMatch ? lineAt(input.text, versionMatch.index!) : undefined,
        message: `${name}: version ${expression || "(none)"} could not be found in the gemspec or the files it requires`,
      });
    }
    return {
      packages: [
        newPackage({
          ecosystem: ECOSYSTEM,
          name,
          version: version ?? "",
          resolved: version !== undefined,
          locations: location,
        }),
      ],
      errors,
    };
  },
};

function literal(expression: string): string | undefined {
  const m = expression.trim().match(new RegExp(`^${STRING}\\s*(?:#.*)?$`));
  return m ? (m[1] ?? m[2]) : undefined;
}

/** `Mod::VERSION` / `VERSION` / `Mod.version`: the string it is set to, here or in a required file. */
async function resolveConstant(expression: string, input: ExtractInput): Promise<string | undefined> {
  const constant = expression.match(/^(?:[A-Z]\w*(?:::|\.))*([A-Za-z_]\w*)$/)?.[1];
  if (!constant) return undefined;
  const patterns = [
    new RegExp(String.raw`^\s*${constant}\s*=\s*${STRING}`, "m"),
    new RegExp(String.raw`def\s+self\.${constant}\b[^\n]*\n\s*${STRING}`),
  ];
  const find = (text: string) => {
    for (const re of patterns) {
      const m = text.match(re);
      if (m) return m[1] ?? m[2];
    }
    return undefined;
  };
  const own = find(input.text);
  if (own !== undefined) return own;
  for (const file of requiredFiles(input.text)) {
    const text = await input.readFile(file);
    const found = text === undefined ? undefined : find(text);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Paths (relative to the gemspec) that its require statements may load. The string parts of each statement
 * are joined ("File.join('lib', 'x', 'version')" -> lib/x/version.rb); a plain `require 'x/version'` is
 * looked up under lib/, where gems put their load path.
 */
function requiredFiles(text: string): string[] {
  const out: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^\s*(require_relative|require)\b(.*)$/);
    if (!m) continue;
    // A statement goes on while its parentheses are open: File.join(\n 'lib',\n 'version'\n)
    let statement = m[2];
    while (count(statement, "(") > count(statement, ")") && i + 1 < lines.length) statement += lines[++i];
    const parts = [...statement.matchAll(/'([^']*)'|"([^"]*)"/g)].map((p) => p[1] ?? p[2]);
    if (parts.length === 0) continue;
    let path = posix.normalize(parts.join("/")).replace(/^(\.\/|\/)+/, "");
    if (!path.endsWith(".rb")) path += ".rb";
    out.push(path);
    if (m[1] === "require") out.push(`lib/${path}`);
  }
  return out;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
