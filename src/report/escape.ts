const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values. Records are untrusted input. */
export function escapeHtml(text: string): string {
  // One pass (reports escape thousands of record texts); text without special characters is returned as is.
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string) : text;
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
