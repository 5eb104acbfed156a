/** PEP 440 version syntax (the regular expression of the PEP's appendix B), case-insensitive. */
const PEP440 =
  /^v?(?:(?:[0-9]+)!)?[0-9]+(?:\.[0-9]+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?(?:[-_.]?dev[-_.]?[0-9]*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

/** Whether `version` is a valid PEP 440 version (so that `==version` pins exactly one release). */
export function isPep440Version(version: string): boolean {
  return PEP440.test(version.trim());
}
