/** Escapes text for HTML element content and quoted attribute values. Records are untrusted input. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Text for a Markdown table cell: one line, pipes escaped, HTML neutralised. */
export function markdownCell(text: string): string {
  return escapeHtml(text.replace(/\s+/g, " ").trim()).replace(/\|/g, "\\|");
}

/** A URL safe to put in a link: http(s) only (no `javascript:` from a hostile record); undefined otherwise. */
export function safeUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}
