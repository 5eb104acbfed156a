/** A package identity as advisories name it: OSV ecosystem (with optional release suffix), name, version. */
export interface PackageRef {
  /** OSV ecosystem name, e.g. "npm", "PyPI", "Debian:12". */
  ecosystem: string;
  name: string;
  version: string;
}

/** Where a package is declared. `line` is 1-based; absent when the format gives no line. */
export interface SourceLocation {
  path: string;
  line?: number;
}

/** A package found in a project, with everything needed to explain a finding about it. */
export interface Package extends PackageRef {
  /** Package URL (https://github.com/package-url/purl-spec). */
  purl: string;
  /** True when the project declares it itself; false when it arrives transitively; undefined when unknown. */
  direct?: boolean;
  /** Dependency groups / scopes: "dev", "optional", "peer", "test", "build", ... Empty = production. */
  groups: string[];
  locations: SourceLocation[];
  /** purls of the packages this one depends on, where the format records edges. */
  dependencies: string[];
  /**
   * False when `version` is a declared range rather than a resolved version (package.json without a
   * lockfile, unpinned requirements). Unresolved packages are reported, never matched as their lowest version.
   */
  resolved: boolean;
  /** Integrity hashes as `alg-base64` or `alg:hex`, where the lockfile records them. */
  hashes?: string[];
  /** SPDX licence ids or expressions, where known. */
  licenses?: string[];
  /** VCS commit for packages taken from git, where known. */
  commit?: string;
}
