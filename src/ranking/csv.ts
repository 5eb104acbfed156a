/**
 * CSV (RFC 4180) for spreadsheets, safe against formula injection: a cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return is prefixed with `'` so that a spreadsheet shows it as text instead of
 * running it (OWASP "CSV Injection"); cells holding a comma, a quote or a line break are quoted.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  // numbers are written by us (never formulas): only untrusted text needs the guard
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated, as RFC 4180 writes it). */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
