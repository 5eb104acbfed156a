import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { newPackage } from "../new-package.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { GO_MOD_FORMAT } from "./extractors.js";
import { type GoModLine, parseGoModLines } from "./go-mod-syntax.js";
import { parseGoSum } from "./go-sum.js";

const ECOSYSTEM = "Go";

interface Replacement {
  fromVersion?: string;
  to: string;
  toVersion?: string;
}

/**
 * go.mod: every `require` (with its line; `// indirect` -> direct false), `replace` applied (a local-path
 * replacement is reported under the path with an empty version, unresolved), `exclude`d versions reported
 * unresolved, and the Go toolchain as package `stdlib` (the `toolchain` directive, else the `go` directive),
 * as osv-scanner and osv-scalibr do. A module declaring go 1.16 or older lists only part of its build list, so
 * the sibling go.sum (same base name) adds the versions it holds code hashes for.
 */
export const goModExtractor: Extractor = {
  ...GO_MOD_FORMAT,
  async extract(input: ExtractInput): Promise<ExtractResult> {
    const lines = parseGoModLines(input.text);
    const errors: InventoryError[] = [];
    const replacements = collectReplacements(lines);
    const excluded = new Set(
      lines
        .filter((l) => l.verb === "exclude" && l.args.length === 2)
        .map((l) => `${l.args[0]}@${l.args[1]}`),
    );
    const byKey = new Map<string, Package>();
    const add = (pkg: Package) => {
      const key = `${pkg.name}@${pkg.version}`;
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, pkg);
      else {
        seen.locations.push(...pkg.locations);
        if (pkg.direct) seen.direct = true;
      }
    };

    for (const l of lines) {
      if (l.verb !== "require") continue;
      if (l.args.length !== 2 || !l.args[1].startsWith("v")) {
        errors.push({ path: input.path, line: l.line, message: `malformed require "${l.args.join(" ")}"` });
        continue;
      }
      const [module, version] = l.args;
      const common = {
        ecosystem: ECOSYSTEM,
        direct: l.comment.split(/[;\s]+/)[0] !== "indirect",
        locations: [{ path: input.path, line: l.line }],
      };
      if (excluded.has(`${module}@${version}`)) {
        errors.push({
          path: input.path,
          line: l.line,
          message: `${module} ${version} is required and excluded: the go command uses the next higher version, which go.mod does not record`,
        });
        add(newPackage({ ...common, name: module, version: strip(version), resolved: false }));
        continue;
      }
      const rep = findReplacement(replacements.get(module), version);
      if (!rep) add(newPackage({ ...common, name: module, version: strip(version) }));
      // A directory on disk: not a module version any registry or advisory can name.
      else if (rep.toVersion === undefined)
        add(newPackage({ ...common, name: rep.to, version: "", resolved: false, purl: "" }));
      else add(newPackage({ ...common, name: rep.to, version: strip(rep.toVersion) }));
    }

    const goVersion = lines.find((l) => l.verb === "go")?.args[0];
    if (goVersion === undefined || isBefore117(goVersion)) await addGoSumModules(input, byKey, add, errors);

    const stdlib = stdlibPackage(lines, input.path);
    if (stdlib) add(stdlib);
    return { packages: [...byKey.values()], errors };
  },
};

function strip(version: string): string {
  return version.startsWith("v") ? version.slice(1) : version;
}

function collectReplacements(lines: GoModLine[]): Map<string, Replacement[]> {
  const out = new Map<string, Replacement[]>();
  for (const l of lines) {
    if (l.verb !== "replace") continue;
    const arrow = l.args.indexOf("=>");
    if (arrow < 1) continue;
    const [from, fromVersion] = l.args.slice(0, arrow);
    const [to, toVersion] = l.args.slice(arrow + 1);
    if (!to) continue;
    const list = out.get(from) ?? [];
    list.push({ fromVersion, to, toVersion });
    out.set(from, list);
  }
  return out;
}

/** A replacement naming the exact version wins over one for every version, as in the go command. */
function findReplacement(list: Replacement[] | undefined, version: string): Replacement | undefined {
  return list?.find((r) => r.fromVersion === version) ?? list?.find((r) => r.fromVersion === undefined);
}

/** Go before 1.17 (and go.mod files without a `go` line, which the go command treats as 1.16) prune nothing. */
function isBefore117(goVersion: string): boolean {
  const m = goVersion.match(/^(\d+)\.(\d+)/);
  if (!m) return false;
  return Number(m[1]) === 1 && Number(m[2]) < 17;
}

async function addGoSumModules(
  input: ExtractInput,
  byKey: Map<string, Package>,
  add: (pkg: Package) => void,
  errors: InventoryError[],
): Promise<void> {
  const base = input.path.slice(input.path.lastIndexOf("/") + 1);
  const sumName = base.endsWith(".mod") ? `${base.slice(0, -4)}.sum` : `${base}.sum`;
  const text = await input.readFile(sumName);
  if (text === undefined) return;
  const sumPath = input.path.slice(0, input.path.length - base.length) + sumName;
  const { entries, bad } = parseGoSum(text);
  for (const line of bad) errors.push({ path: sumPath, line, message: "malformed go.sum line" });
  for (const e of entries) {
    const known = byKey.get(`${e.module}@${e.version}`);
    if (known) {
      known.locations.push({ path: sumPath, line: e.line });
      continue;
    }
    add(
      newPackage({
        ecosystem: ECOSYSTEM,
        name: e.module,
        version: e.version,
        direct: false,
        locations: [{ path: sumPath, line: e.line }],
        hashes: [e.hash],
      }),
    );
  }
}

/** The toolchain the module is built with: `toolchain go1.23.6-xyz` -> 1.23.6, else the `go` line. */
function stdlibPackage(lines: GoModLine[], path: string): Package | undefined {
  const toolchain = lines.find((l) => l.verb === "toolchain");
  const go = lines.find((l) => l.verb === "go");
  const fromToolchain = toolchain?.args[0]?.match(/^go(\d+(?:\.\d+)*)/)?.[1];
  const source = fromToolchain ? toolchain : go;
  const version = fromToolchain ?? go?.args[0];
  if (!source || !version) return undefined;
  return newPackage({
    ecosystem: ECOSYSTEM,
    name: "stdlib",
    version,
    // the module itself chooses its toolchain: upgrading it is the project's own move
    direct: true,
    locations: [{ path, line: source.line }],
  });
}
