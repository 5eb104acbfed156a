import { slackText } from "./escape.js";
import type { MessageView, ViewLine } from "./message-view.js";

// Block Kit limits: a header's text at most 150 characters, a section's 3,000, a message 50 blocks.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const MAX_SECTIONS = 40;
/** Longest escaped line, so that any line fits a section on its own. */
const LINE_MAX = 1000;

/** Findings or violations a Slack message lists before "and N more". */
export const SLACK_MAX_LINES = 25;

/** A Slack incoming-webhook body: Block Kit blocks, and `text` for notifications and old clients. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/**
 * Escapes text for Slack and cuts it so that the escaped form is at most `max` characters (escaping
 * lengthens text: `&` becomes `&amp;`), never inside an entity.
 */
export function slackFit(text: string, max: number): string {
  const escaped = slackText(text);
  if (escaped.length <= max) return escaped;
  let out = "";
  for (const char of text) {
    const piece = slackText(char);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

function marker(line: ViewLine): string {
  const labels = [line.severity?.toUpperCase(), line.kev ? "KEV" : undefined].filter(Boolean);
  return labels.length > 0 ? `[${labels.join(" · ")}] ` : "";
}

/** A plain-text object (no mrkdwn parsed) around already escaped text. */
function plain(escaped: string): Record<string, unknown> {
  return { type: "plain_text", text: escaped, emoji: false };
}

/**
 * The Slack-compatible incoming-webhook payload of a message: a header, the introduction and the lines as
 * plain-text sections (several when one would exceed 3,000 characters), and a context line with the event
 * id. All text is in `plain_text` objects and escaped, so advisory text cannot format, link or mention.
 */
export function slackMessage(view: MessageView): SlackMessage {
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: plain(slackFit(view.title, HEADER_MAX)) },
  ];
  if (view.intro) blocks.push({ type: "section", text: plain(slackFit(view.intro, SECTION_MAX)) });
  const lines = view.lines.map((line) =>
    slackFit(`${line.nested ? "    • " : "• "}${marker(line)}${line.text}`, LINE_MAX),
  );
  if (view.omitted > 0) lines.push(slackFit(`and ${view.omitted} more`, LINE_MAX));
  const sections: string[] = [];
  for (const line of lines) {
    const last = sections.length - 1;
    if (last >= 0 && sections[last]!.length + 1 + line.length <= SECTION_MAX) sections[last] += `\n${line}`;
    else sections.push(line);
  }
  for (const text of sections.slice(0, MAX_SECTIONS)) blocks.push({ type: "section", text: plain(text) });
  blocks.push({ type: "context", elements: [plain(slackFit(view.footer, 300))] });
  return { text: slackFit(view.title, 1000), blocks };
}
