import { PackageURL } from "packageurl-js";
import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** A purl that could not be parsed or built. */
export class PurlError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("PURL_INVALID", message, options);
  }
}

export interface Purl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string>;
  subpath?: string;
}

/** Parses a package URL ("pkg:npm/%40scope/name@1.0.0"); throws PurlError naming the input. */
export function parsePurl(text: string): Purl {
  try {
    const p = PackageURL.fromString(text);
    return {
      type: p.type,
      namespace: p.namespace ?? undefined,
      name: p.name,
      version: p.version ?? undefined,
      qualifiers: (p.qualifiers as Record<string, string> | undefined) ?? undefined,
      subpath: p.subpath ?? undefined,
    };
  } catch (error) {
    throw new PurlError(`invalid package URL "${text}": ${(error as Error).message}`, {
      hint: "a purl looks like pkg:npm/lodash@4.17.21 (see https://github.com/package-url/purl-spec)",
    });
  }
}

/** Formats a package URL; components are percent-encoded and normalised by packageurl-js. */
export function formatPurl(p: Purl): string {
  try {
    return new PackageURL(
      p.type,
      p.namespace || undefined,
      p.name,
      p.version || undefined,
      p.qualifiers && Object.keys(p.qualifiers).length > 0 ? p.qualifiers : undefined,
      p.subpath || undefined,
    ).toString();
  } catch (error) {
    throw new PurlError(`cannot build a package URL for ${p.type}/${p.name}: ${(error as Error).message}`);
  }
}
