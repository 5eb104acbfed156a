import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { linesEndingInLf } from "../line-breaks.js";
import { newPackage } from "../new-package.js";
import type { ExtractInput, ExtractResult, SyncExtractor } from "../types.js";
import { CABAL_FREEZE_FORMAT } from "./extractors.js";

// cabal.project.freeze pins every package in one `constraints:` field whose comma-separated entries continue on
// indented lines:
//   constraints: any.AC-Angle ==1.0,
//                transformers-base +orphaninstances,
// Version pins ("[qualifier.]name ==version") are packages; flag and "installed"/"source" entries are not.
const FIELD = /^constraints\s*:(.*)$/i;
const PIN = /^(?:([\w:.-]*)\.)?([A-Za-z0-9][A-Za-z0-9-]*)\s*==\s*([0-9][0-9.]*)$/;
const NOT_A_PIN = /^(?:[\w:.-]*\.)?[A-Za-z0-9][A-Za-z0-9-]*\s+(?:[+-]\w|installed$|source$)/;

/** Haskell `cabal.project.freeze`: the exact version of every package of the build plan. */
export const cabalFreezeExtractor: SyncExtractor = {
  ...CABAL_FREEZE_FORMAT,
  extract: extractCabalFreeze,
};

function extractCabalFreeze({ path, text }: ExtractInput): ExtractResult {
  const errors: InventoryError[] = [];
  const entries = constraintEntries(text, path, errors);
  if (entries === undefined) {
    throw new ExtractError('no "constraints:" field: not a cabal.project.freeze', {
      hint: "cabal.project.freeze is written by `cabal freeze`",
    });
  }
  const packages: Package[] = [];
  for (const { entry, line } of entries) {
    const pin = PIN.exec(entry);
    if (pin) {
      const setup = pin[1]?.endsWith("setup") ?? false;
      packages.push(
        newPackage({
          ecosystem: "Hackage",
          name: pin[2]!,
          version: pin[3]!,
          groups: setup ? ["build"] : [],
          locations: [{ path, line }],
        }),
      );
    } else if (!NOT_A_PIN.test(entry)) {
      errors.push({ path, line, message: `unreadable constraint "${entry}"` });
    }
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}

/**
 * The entries of the constraints field with their lines; undefined when the file has no such field. The field
 * runs until the next field (`name:` at the start of a line); a line there that is neither indented, a field
 * nor a comment is reported (cabal refuses it) and the indented entries after it are still read.
 */
function constraintEntries(
  text: string,
  path: string,
  errors: InventoryError[],
): { entry: string; line: number }[] | undefined {
  // cabal reads LF and CR LF line ends; whether it takes a lone CR for one is not established, so it is refused
  const lines = linesEndingInLf(text, "cabal.project.freeze", "cabal.project.freeze", "cabal");
  const start = lines.findIndex((l) => FIELD.test(l));
  if (start < 0) return undefined;
  const entries: { entry: string; line: number }[] = [];
  for (let i = start; i < lines.length; i++) {
    const raw = i === start ? FIELD.exec(lines[i]!)![1]! : lines[i]!;
    if (i > start && raw.trim() !== "" && !/^\s/.test(raw)) {
      if (/^[A-Za-z][\w-]*\s*:/.test(raw)) break; // the next field
      if (!raw.startsWith("--")) {
        errors.push({
          path,
          line: i + 1,
          message: `"${raw.trim().slice(0, 80)}" is neither a field nor an indented constraint`,
        });
      }
      continue;
    }
    const content = raw.replace(/--.*$/, "");
    for (const part of content.split(",")) {
      const entry = part.trim().replace(/\s+/g, " ");
      if (entry) entries.push({ entry, line: i + 1 });
    }
  }
  return entries;
}
