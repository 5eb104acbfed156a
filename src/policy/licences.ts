import parseSpdx from "spdx-expression-parse";

/**
 * Licence satisfaction over SPDX expressions (parsed by spdx-expression-parse): a package licensed
 * `A OR B` may be used under either, `A AND B` needs both. Ids compare case-insensitively (SPDX says so),
 * `X+` is read as `X-or-later` and the deprecated bare GNU ids (`GPL-2.0`) as `X-only`.
 */

/** One licence term: an id (or LicenseRef) with its exception, if any. */
export interface LicenceTerm {
  id: string;
  exception?: string;
}

type Node = ReturnType<typeof parseSpdx>;

const GNU_FAMILY = /^(A?GPL|LGPL|GFDL)-\d\.\d$/i;

function normalise(license: string, plus: boolean | undefined): string {
  const id = license.toLowerCase();
  if (plus) return `${id.replace(/-only$/, "")}-or-later`;
  return GNU_FAMILY.test(license) ? `${id}-only` : id;
}

/** The `X` of `X-or-later`, or undefined. */
function orLaterBase(id: string): string | undefined {
  return id.endsWith("-or-later") ? id.slice(0, -"-or-later".length) : undefined;
}

/** A parsed SPDX expression, or undefined when the text is not one (free text such as "Apache 2"). */
export function parseLicenceExpression(text: string): Node | undefined {
  try {
    return parseSpdx(text.trim());
  } catch {
    return undefined;
  }
}

/**
 * The terms of an allow or deny list entry: an SPDX expression that is one licence or an OR of licences
 * (`"BSD-2-Clause OR BSD-3-Clause"` lists both). Throws a message for an entry that is not SPDX or that
 * uses AND (a list names licences one may use, not combinations).
 */
export function listEntryTerms(entry: string): LicenceTerm[] {
  const node = parseLicenceExpression(entry);
  if (!node) throw new Error(`"${entry}" is not an SPDX licence expression`);
  const terms: LicenceTerm[] = [];
  const walk = (n: Node) => {
    if ("license" in n)
      terms.push({
        id: normalise(n.license, n.plus),
        ...(n.exception ? { exception: n.exception.toLowerCase() } : {}),
      });
    else if (n.conjunction === "or") {
      walk(n.left);
      walk(n.right);
    } else throw new Error(`"${entry}" combines licences with AND: list each licence on its own`);
  };
  walk(node);
  return terms;
}

/**
 * Whether a package's term is covered by a list term. Same id (after normalisation), and a list term with
 * an exception covers only that exception (a term with an exception grants more, so a plain list term
 * covers it too). `X-or-later` is covered by `X-only` as well: the user may choose version X.
 */
function covers(list: LicenceTerm, term: LicenceTerm): boolean {
  if (list.exception && list.exception !== term.exception) return false;
  if (list.id === term.id) return true;
  const base = orLaterBase(term.id);
  return base !== undefined && list.id === `${base}-only`;
}

/** Whether a deny term names the package's term: same licence family, whatever its -only/-or-later form. */
function names(deny: LicenceTerm, term: LicenceTerm): boolean {
  if (deny.exception && deny.exception !== term.exception) return false;
  const family = (id: string) => id.replace(/-(only|or-later)$/, "");
  return family(deny.id) === family(term.id);
}

/** Whether the expression can be satisfied using only terms the predicate accepts (OR: either; AND: both). */
function satisfiable(node: Node, ok: (term: LicenceTerm) => boolean): boolean {
  if ("license" in node)
    return ok({
      id: normalise(node.license, node.plus),
      ...(node.exception ? { exception: node.exception.toLowerCase() } : {}),
    });
  return node.conjunction === "or"
    ? satisfiable(node.left, ok) || satisfiable(node.right, ok)
    : satisfiable(node.left, ok) && satisfiable(node.right, ok);
}

/** Whether a licence expression can be used under allowed licences alone. */
export function allowedBy(expression: Node, allow: readonly LicenceTerm[]): boolean {
  return satisfiable(expression, (t) => allow.some((a) => covers(a, t)));
}

/**
 * Whether a licence expression cannot be used without a denied licence. A deny entry names a whole
 * licence family (`GPL-3.0-only` also denies `GPL-3.0-or-later`): a deny list errs on the side of reporting.
 */
export function deniedBy(expression: Node, deny: readonly LicenceTerm[]): boolean {
  return !satisfiable(expression, (t) => !deny.some((d) => names(d, t)));
}

/** A package's licences (each an id or expression) as one expression: all of them apply (AND). */
export function packageExpression(licences: readonly string[]): { node?: Node; text: string } {
  const text = licences.length === 1 ? (licences[0] as string) : licences.map((l) => `(${l})`).join(" AND ");
  return { node: licences.length > 0 ? parseLicenceExpression(text) : undefined, text };
}
