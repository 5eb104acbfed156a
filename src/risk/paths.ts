/** Path classifications shared by the checks, so every check skips the same things. */

const TEST_SEGMENT = /^(test|tests|testdata|test-data|fixture|fixtures|__tests__|__fixtures__|spec)$/i;
const VENDOR_SEGMENT = /^(vendor|third_party|third-party|node_modules|bower_components)$/i;

/** Whether a path lies under a test or fixture folder (test/, tests/, testdata/, fixture(s)/, ...). */
export function isTestFixturePath(path: string): boolean {
  return path
    .split("/")
    .slice(0, -1)
    .some((segment) => TEST_SEGMENT.test(segment));
}

/** Whether a path lies under a vendored-code folder (vendor/, third_party/, node_modules/). */
export function isVendoredPath(path: string): boolean {
  return path
    .split("/")
    .slice(0, -1)
    .some((segment) => VENDOR_SEGMENT.test(segment));
}

/** The last path segment. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
