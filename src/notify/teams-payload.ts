import type { SeverityRating } from "../model/finding.js";
import { clip, teamsText } from "./escape.js";
import type { MessageView, ViewLine } from "./message-view.js";

/** Findings or violations a Teams card lists before "and N more" (cards are limited to about 28 KB). */
export const TEAMS_MAX_LINES = 25;
const LINE_MAX = 600;

/** The Adaptive Card version sent: the newest that Teams workflows render on every client. */
export const ADAPTIVE_CARD_VERSION = "1.4";

/**
 * A Microsoft Teams incoming-webhook body: a `message` with one Adaptive Card attachment, the format the
 * Teams "When a Teams webhook request is received" workflow (which replaced Office 365 connectors) posts.
 */
export interface TeamsMessage {
  type: "message";
  attachments: {
    contentType: "application/vnd.microsoft.card.adaptive";
    contentUrl: null;
    content: Record<string, unknown>;
  }[];
}

function run(text: string, style: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "TextRun", text: teamsText(text), ...style };
}

/** A paragraph of TextRuns: RichTextBlock is never parsed as Markdown, unlike TextBlock and FactSet. */
function paragraph(...inlines: Record<string, unknown>[]): Record<string, unknown> {
  return { type: "RichTextBlock", inlines };
}

const SEVERITY_COLOUR: Record<SeverityRating, string> = {
  critical: "attention",
  high: "attention",
  medium: "warning",
  low: "default",
  unknown: "default",
};

function lineBlock(line: ViewLine): Record<string, unknown> {
  const inlines: Record<string, unknown>[] = [];
  if (line.nested) inlines.push(run("    "));
  if (line.severity)
    inlines.push(
      run(`${line.severity.toUpperCase()} `, { weight: "bolder", color: SEVERITY_COLOUR[line.severity] }),
    );
  if (line.kev) inlines.push(run("KEV ", { weight: "bolder", color: "attention" }));
  inlines.push(run(clip(line.text, LINE_MAX)));
  return { ...paragraph(...inlines), spacing: "small" };
}

/**
 * The Teams payload of a message: an Adaptive Card whose every text is a TextRun inside a RichTextBlock, so
 * advisory text shows as written — no Markdown links or emphasis, no mentions, no date templates.
 */
export function teamsMessage(view: MessageView): TeamsMessage {
  const body: Record<string, unknown>[] = [
    paragraph(run(clip(view.title, 300), { weight: "bolder", size: "medium" })),
  ];
  if (view.intro) body.push(paragraph(run(clip(view.intro, 1500))));
  body.push(...view.lines.map(lineBlock));
  if (view.omitted > 0) body.push(paragraph(run(`and ${view.omitted} more`, { isSubtle: true })));
  body.push({
    ...paragraph(run(clip(view.footer, 300), { isSubtle: true, size: "small" })),
    separator: true,
  });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: ADAPTIVE_CARD_VERSION,
          body,
          msteams: { width: "Full" },
        },
      },
    ],
  };
}
