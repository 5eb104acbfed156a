/** A Conan reference: "name/version[@user[/channel]][#recipe_revision][%timestamp][:package_id[#package_revision]]". */
export interface ConanRef {
  name: string;
  version: string;
  /** Recipe revision, where the lockfile records one. */
  revision?: string;
}

const REF = /^([^/@#:%\s]+)\/([^@#:%\s]+)(?:@[^#:%\s]*)?(?:#([0-9a-f]+))?/i;

/** Parses a Conan reference; undefined when it has no "name/version" part (e.g. "1.2.3#rrev"). */
export function parseConanRef(text: string): ConanRef | undefined {
  const match = REF.exec(text.trim());
  if (!match) return undefined;
  return { name: match[1]!, version: match[2]!, ...(match[3] ? { revision: match[3] } : {}) };
}
