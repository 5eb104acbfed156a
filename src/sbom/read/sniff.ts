/** The SBOM formats Bulwark reads. */
export type SbomFormat = "cyclonedx-json" | "cyclonedx-xml" | "spdx-json" | "spdx-tag-value" | "spdx-yaml";

/** How much of a file sniffing looks at: the identifying fields sit near the top. */
const HEAD = 64 * 1024;

/**
 * Recognises an SBOM by its content alone (for files with a generic name such as `sbom.json` or `out.xml`):
 * CycloneDX JSON has `"bomFormat": "CycloneDX"`, CycloneDX XML the cyclonedx.org bom namespace, SPDX JSON a
 * `"spdxVersion"`, tag-value an `SPDXVersion:` line. Looks only at the first 64 KiB; undefined otherwise.
 */
export function sniffSbom(text: string): SbomFormat | undefined {
  const head = text.slice(0, HEAD);
  const start = head.trimStart()[0];
  if (start === "{") {
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(head)) return "cyclonedx-json";
    if (/"spdxVersion"\s*:\s*"SPDX-/.test(head)) return "spdx-json";
    return undefined;
  }
  if (start === "<")
    return /xmlns(:\w+)?\s*=\s*["']https?:\/\/cyclonedx\.org\/schema\/bom\//.test(head)
      ? "cyclonedx-xml"
      : undefined;
  if (/^SPDXVersion:\s*SPDX-/m.test(head)) return "spdx-tag-value";
  if (/^spdxVersion:\s*["']?SPDX-/m.test(head)) return "spdx-yaml";
  return undefined;
}
