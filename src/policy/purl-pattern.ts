import picomatch from "picomatch";
import { parsePurl } from "../purl/index.js";

/**
 * A package pattern of a policy: a package URL whose name may hold globs, with an optional version (exact or
 * glob). `pkg:npm/lodash` (every version), `pkg:npm/lodash@4.17.20`, `pkg:npm/@babel/*`,
 * `pkg:golang/golang.org/x/**`, `pkg:maven/org.apache.logging.log4j/log4j-core@2.1*`. Qualifiers and
 * subpaths are ignored; `*` does not cross a `/`, `**` does.
 */
export interface PurlPattern {
  text: string;
  matches(purl: string): boolean;
}

/** Compiles a pattern; throws a message saying what is wrong with it. */
export function compilePurlPattern(text: string): PurlPattern {
  const m = /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\/([^?#]+)/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a package URL pattern such as "pkg:npm/lodash"`);
  const type = (m[1] as string).toLowerCase();
  let path = m[2] as string;
  let version: string | undefined;
  const at = path.lastIndexOf("@");
  if (at > path.lastIndexOf("/")) {
    version = decode(path.slice(at + 1), text);
    path = path.slice(0, at);
  }
  const name = picomatch(decode(path, text).replace(/\/+$/, ""), { dot: true });
  const ver = version ? picomatch(version, { dot: true }) : undefined;
  return {
    text,
    matches(purl: string): boolean {
      let p: ReturnType<typeof parsePurl>;
      try {
        p = parsePurl(purl);
      } catch {
        return false;
      }
      if (p.type !== type) return false;
      if (!name(p.namespace ? `${p.namespace}/${p.name}` : p.name)) return false;
      return !ver || (p.version !== undefined && ver(p.version));
    },
  };
}

function decode(part: string, text: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error(`"${text}" has an invalid percent-encoding`);
  }
}
