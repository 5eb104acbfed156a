import type { InventoryError } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { ExtractError } from "../errors.js";
import { newPackage } from "../new-package.js";
import { osPackagePurl } from "../os-purl.js";
import { readOsRelease, rootOf } from "../os-release.js";
import type { ExtractInput, Extractor, ExtractResult } from "../types.js";
import { type ControlParagraph, parseControlParagraphs } from "./control-paragraphs.js";
import { DPKG_STATUS_FORMAT } from "./extractors.js";

const DPKG_DIR = "var/lib/dpkg/";

/** Options of createDpkgStatusExtractor. */
export interface DpkgOptions {
  /** Also report packages that are not installed (removed with config files left, half-installed, ...). */
  includeNotInstalled?: boolean;
}

/**
 * The OSV ecosystem of the packages of a root file system, from its os-release: "Debian:12",
 * "Ubuntu:22.04:LTS" (osv.dev's names mark LTS releases), "Ubuntu:24.10"; without a release (no os-release, Debian
 * testing/sid) the plain distribution name. Derivatives follow their ID_LIKE.
 */
export function debianEcosystem(osRelease: Record<string, string> | undefined): string {
  const id = osRelease?.ID?.toLowerCase() ?? "";
  const like = (osRelease?.ID_LIKE ?? "").toLowerCase().split(/\s+/);
  const release = osRelease?.VERSION_ID;
  if (id === "ubuntu") {
    if (!release) return "Ubuntu";
    // VERSION says "22.04.3 LTS (Jammy Jellyfish)"; without it, LTS releases are the even years' .04.
    const version = osRelease?.VERSION;
    const lts = version === undefined ? /^\d*[02468]\.04$/.test(release) : /\bLTS\b/.test(version);
    return lts ? `Ubuntu:${release}:LTS` : `Ubuntu:${release}`;
  }
  if (id === "debian") return release ? `Debian:${release}` : "Debian";
  return like.includes("ubuntu") ? "Ubuntu" : "Debian";
}

/**
 * dpkg's database of a root file system: `var/lib/dpkg/status` and the one-file-per-package
 * `var/lib/dpkg/status.d/*` of distroless images. Reports installed packages (Status "... installed"; entries
 * in status.d have no Status and are installed) with name, version, architecture and source package (both
 * in the purl: `arch`, `upstream=source[@version]`), in the ecosystem named by the tree's os-release.
 * Entries without a name or version are reported as errors; a file with no readable entry at all is rejected.
 */
export function createDpkgStatusExtractor(options: DpkgOptions = {}): Extractor {
  return {
    ...DPKG_STATUS_FORMAT,
    async extract(input: ExtractInput): Promise<ExtractResult> {
      // status.d holds "<pkg>.md5sums" beside each package file: file lists, no packages.
      if (input.path.endsWith(".md5sums")) return { packages: [] };
      const { paragraphs, bad } = parseControlParagraphs(input.text);
      const errors: InventoryError[] = bad.map((line) => ({
        path: input.path,
        line,
        message: "not a control field",
      }));
      if (paragraphs.length === 0 && bad.length > 0) {
        throw new ExtractError('not a dpkg status file (line is not "Field: value")', {
          line: bad[0],
          hint: "a dpkg status file holds paragraphs of `Field: value` lines",
        });
      }
      const ecosystem = debianEcosystem(await readOsRelease(input.readFile, rootOf(input.path, DPKG_DIR)));
      const inStatusDir = input.path.includes("status.d/");
      const packages: Package[] = [];
      for (const p of paragraphs) {
        const pkg = readPackage(p, ecosystem, input.path);
        if (typeof pkg === "string") errors.push({ path: input.path, line: p.line, message: pkg });
        else if (options.includeNotInstalled || isInstalled(p, inStatusDir)) packages.push(pkg);
        else if (!p.fields.has("status")) {
          // dpkg always writes Status in its status file: an entry without one is damaged, so say so.
          errors.push({
            path: input.path,
            line: p.line,
            message: `package ${pkg.name} has no Status field; not reported as installed`,
          });
        }
      }
      return { packages, errors };
    },
  };
}

/** The extractor with default options (installed packages only). */
export const dpkgStatusExtractor = createDpkgStatusExtractor();

/** Status is "want flag state"; only the state says whether the files are on disk. */
function isInstalled(p: ControlParagraph, inStatusDir: boolean): boolean {
  const status = p.fields.get("status");
  if (status === undefined) return inStatusDir;
  return status.split(/\s+/)[2] === "installed";
}

function readPackage(p: ControlParagraph, ecosystem: string, path: string): Package | string {
  const name = p.fields.get("package");
  const version = p.fields.get("version");
  if (!name) return "entry without a Package field";
  if (!version) return `package ${name} has no Version field`;
  // "Source: util-linux (2.38.1-5)": the source package, with its version when it differs from the binary's.
  const source = p.fields.get("source")?.match(/^(\S+)(?:\s+\(([^)]+)\))?/);
  const ref = { ecosystem, name, version };
  return newPackage({
    ...ref,
    locations: [{ path, line: p.line }],
    purl: osPackagePurl(ref, {
      arch: p.fields.get("architecture"),
      upstream: source ? (source[2] ? `${source[1]}@${source[2]}` : source[1]) : undefined,
    }),
  });
}
