import type { PackageRef } from "../model/package.js";
import { formatPurl, type Purl, PurlError, parsePurl } from "../purl/index.js";

// The mapping lives here rather than in each ecosystem folder so that extractors can compute purls without
// importing the registry (which imports them): no import cycles.

/** purl type of each language ecosystem (https://github.com/package-url/purl-spec/blob/main/PURL-TYPES.rst). */
const PURL_TYPE: Record<string, string> = {
  npm: "npm",
  PyPI: "pypi",
  Maven: "maven",
  Go: "golang",
  "crates.io": "cargo",
  RubyGems: "gem",
  NuGet: "nuget",
  Packagist: "composer",
  Pub: "pub",
  Hex: "hex",
  Hackage: "hackage",
  CRAN: "cran",
  SwiftURL: "swift",
  CocoaPods: "cocoapods",
  ConanCenter: "conan",
  Julia: "julia",
  opam: "opam",
  "GitHub Actions": "github",
  Bitnami: "bitnami",
};

/** purl type and namespace (the distribution) of each OS ecosystem. */
const DISTRO: Record<string, { type: string; namespace: string }> = {
  Debian: { type: "deb", namespace: "debian" },
  Ubuntu: { type: "deb", namespace: "ubuntu" },
  Alpine: { type: "apk", namespace: "alpine" },
  Wolfi: { type: "apk", namespace: "wolfi" },
  Chainguard: { type: "apk", namespace: "chainguard" },
  Alpaquita: { type: "apk", namespace: "alpaquita" },
  MinimOS: { type: "apk", namespace: "minimos" },
  "Red Hat": { type: "rpm", namespace: "redhat" },
  "Rocky Linux": { type: "rpm", namespace: "rocky-linux" },
  AlmaLinux: { type: "rpm", namespace: "almalinux" },
  SUSE: { type: "rpm", namespace: "suse" },
  openSUSE: { type: "rpm", namespace: "opensuse" },
  openEuler: { type: "rpm", namespace: "openeuler" },
  "Photon OS": { type: "rpm", namespace: "photon" },
  Mageia: { type: "rpm", namespace: "mageia" },
  "Azure Linux": { type: "rpm", namespace: "azurelinux" },
};

/** purl types whose OSV names carry a namespace, and the separator that ends it ("@scope/name", "group:artifact"). */
const NAMESPACE_SEPARATOR: Record<string, string> = {
  npm: "/",
  maven: ":",
  golang: "/",
  composer: "/",
  swift: "/",
  github: "/",
};

const ECOSYSTEM_OF_TYPE = new Map(Object.entries(PURL_TYPE).map(([eco, type]) => [type, eco]));
const ECOSYSTEM_OF_DISTRO = new Map(
  Object.entries(DISTRO).map(([eco, d]) => [`${d.type}/${d.namespace}`, eco]),
);
const CANONICAL = new Map(
  [...Object.keys(PURL_TYPE), ...Object.keys(DISTRO)].map((n) => [n.toLowerCase(), n]),
);

/** The package URL of a package; "" when its ecosystem has no purl type or the name cannot be encoded. */
export function purlFor(ref: PackageRef): string {
  const colon = ref.ecosystem.indexOf(":");
  const given = colon < 0 ? ref.ecosystem : ref.ecosystem.slice(0, colon);
  const base = CANONICAL.get(given.toLowerCase()) ?? given;
  const suffix = colon < 0 ? undefined : ref.ecosystem.slice(colon + 1);
  const purl: Purl = { type: "", name: ref.name, version: ref.version || undefined };
  const distro = DISTRO[base];
  if (distro) {
    purl.type = distro.type;
    purl.namespace = distro.namespace;
    const release = suffix?.split(":").find((part) => /^v?\d/.test(part));
    if (release) purl.qualifiers = { distro: `${distro.namespace}-${release.replace(/^v/, "")}` };
  } else {
    const type = PURL_TYPE[base];
    if (!type) return "";
    purl.type = type;
    const sep = NAMESPACE_SEPARATOR[type];
    const at = sep ? ref.name.lastIndexOf(sep) : -1;
    if (at > 0) {
      purl.namespace = ref.name.slice(0, at);
      purl.name = ref.name.slice(at + 1);
    }
  }
  try {
    return formatPurl(purl);
  } catch {
    return "";
  }
}

/** The ecosystem, name and version a package URL denotes. Throws PurlError for bad purls or types without an OSV ecosystem. */
export function refFromPurl(text: string): PackageRef {
  const p = parsePurl(text);
  const version = p.version ?? "";
  if (p.type === "deb" || p.type === "rpm" || p.type === "apk") {
    const base = ECOSYSTEM_OF_DISTRO.get(`${p.type}/${(p.namespace ?? "").toLowerCase()}`);
    if (!base)
      throw new PurlError(`package URL "${text}": unknown ${p.type} distribution "${p.namespace ?? ""}"`);
    const release = distroRelease(p.qualifiers?.distro, base);
    return { ecosystem: release ? `${base}:${release}` : base, name: p.name, version };
  }
  const ecosystem = ECOSYSTEM_OF_TYPE.get(p.type);
  if (!ecosystem)
    throw new PurlError(`package URL "${text}": purl type "${p.type}" has no OSV ecosystem`, {
      hint: `known purl types: ${[...ECOSYSTEM_OF_TYPE.keys(), "apk", "deb", "rpm"].sort().join(", ")}`,
    });
  const sep = NAMESPACE_SEPARATOR[p.type] ?? "/";
  const name = p.namespace ? `${p.namespace}${sep}${p.name}` : p.name;
  return { ecosystem, name, version };
}

/** "debian-12" -> "12", "alpine-3.18" -> "v3.18"; codenames ("bookworm") are not OSV suffixes -> undefined. */
function distroRelease(distro: string | undefined, base: string): string | undefined {
  const m = distro?.match(/-(\d[\w.]*)$/);
  if (!m) return undefined;
  return DISTRO[base]?.type === "apk" ? `v${m[1]}` : m[1];
}
