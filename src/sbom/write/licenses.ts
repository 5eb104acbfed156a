import { createRequire } from "node:module";
import parseSpdx from "spdx-expression-parse";

const require = createRequire(import.meta.url);
const LICENSE_IDS = new Set<string>(require("spdx-license-ids") as string[]);

/** How a licence string found in a lockfile or SBOM can be written into an SBOM. */
export type LicenseForm =
  | { kind: "id"; id: string } // one SPDX licence id
  | { kind: "expression"; expression: string } // a valid compound SPDX expression
  | { kind: "name"; name: string }; // free text: not SPDX

/** Classifies a licence string: an SPDX id, a valid SPDX expression, or free text. */
export function classifyLicense(text: string): LicenseForm {
  const trimmed = text.trim();
  if (LICENSE_IDS.has(trimmed)) return { kind: "id", id: trimmed };
  try {
    const parsed = parseSpdx(trimmed);
    if ("license" in parsed && !parsed.exception && !parsed.plus && LICENSE_IDS.has(parsed.license)) {
      return { kind: "id", id: parsed.license };
    }
    return { kind: "expression", expression: trimmed };
  } catch {
    return { kind: "name", name: trimmed };
  }
}

/**
 * classifyLicense remembering its answers, for one document: packages repeat a handful of licence strings
 * ("MIT", "ISC", ...), and each classification that is not a plain id runs the SPDX expression parser.
 */
export function licenseClassifier(): (text: string) => LicenseForm {
  const known = new Map<string, LicenseForm>();
  return (text) => {
    let form = known.get(text);
    if (form === undefined) {
      form = classifyLicense(text);
      known.set(text, form);
    }
    return form;
  };
}

/** The SPDX licence expression of a package's licences (AND-joined), or undefined when any is not SPDX. */
export function spdxExpression(
  licenses: string[] | undefined,
  classify: (text: string) => LicenseForm = classifyLicense,
): string | undefined {
  if (!licenses || licenses.length === 0) return undefined;
  const forms = licenses.map(classify);
  if (forms.some((f) => f.kind === "name")) return undefined;
  const parts = forms.map((f) => (f.kind === "id" ? f.id : `(${(f as { expression: string }).expression})`));
  return parts.length === 1 ? parts[0].replace(/^\((.*)\)$/, "$1") : parts.join(" AND ");
}
