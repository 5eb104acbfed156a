import { escapeHtml } from "../report/escape.js";
import { cleanText, clip, headerText } from "./escape.js";
import type { MessageView } from "./message-view.js";

/** Findings or violations an e-mail lists before "and N more". */
export const EMAIL_MAX_LINES = 500;

/** An e-mail's subject and its two bodies. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * The e-mail of a message: a one-line subject (no header injection: line breaks and control characters
 * removed), a plain-text body and an HTML body in which every piece of text is escaped, so advisory text
 * cannot add markup, links or scripts.
 */
export function emailContent(view: MessageView): EmailContent {
  const label = (l: MessageView["lines"][number]) =>
    [l.severity?.toUpperCase(), l.kev ? "KEV" : undefined].filter(Boolean).join(" · ");
  const textLines = view.lines.map((l) => {
    const tag = label(l);
    return `${l.nested ? "    - " : "- "}${tag ? `[${tag}] ` : ""}${cleanText(l.text)}`;
  });
  if (view.omitted > 0) textLines.push(`and ${view.omitted} more`);
  const text = [
    cleanText(view.title),
    view.intro ? `\n${cleanText(view.intro)}` : "",
    "",
    ...textLines,
    "",
    cleanText(view.footer),
    "",
  ].join("\n");
  const items = view.lines
    .map((l) => {
      const tag = label(l);
      const style = l.nested ? ' style="margin-left:1.5em"' : "";
      return `<li${style}>${tag ? `<strong>${escapeHtml(tag)}</strong> ` : ""}${escapeHtml(cleanText(l.text))}</li>`;
    })
    .join("\n");
  const html = [
    "<!doctype html>",
    '<html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(cleanText(view.title))}</h2>`,
    view.intro ? `<p>${escapeHtml(cleanText(view.intro))}</p>` : "",
    items ? `<ul>\n${items}\n</ul>` : "",
    view.omitted > 0 ? `<p>and ${view.omitted} more</p>` : "",
    `<p style="color:#666;font-size:small">${escapeHtml(cleanText(view.footer))}</p>`,
    "</body></html>",
  ]
    .filter(Boolean)
    .join("\n");
  return { subject: clip(headerText(`[Bulwark] ${view.title}`), 200), text, html };
}
