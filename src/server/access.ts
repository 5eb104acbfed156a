/** What a route needs: `public` routes need no key; the others a key of at least that role. */
export type Access = "public" | "read" | "write" | "admin";

/** A key's role: `read` may GET, `write` may also upload and triage, `admin` may also manage keys and advisories. */
export type Role = "read" | "write" | "admin";

export const ROLES: readonly Role[] = ["read", "write", "admin"];

const RANK: Record<Role, number> = { read: 1, write: 2, admin: 3 };

/** Whether a key with `role` may use a route that needs `access`. */
export function roleAllows(role: Role, access: Access): boolean {
  return access === "public" || RANK[role] >= RANK[access];
}

/**
 * Whether a project name is inside a key's scope. Patterns are project names where `*` stands for any run of
 * characters (`team-a/*`); an empty list means every project.
 */
export function inScope(patterns: readonly string[], project: string): boolean {
  return patterns.length === 0 || patterns.some((p) => globRegExp(p).test(project));
}

function globRegExp(pattern: string): RegExp {
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`, "s");
}
