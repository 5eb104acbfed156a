// Untrusted text (advisory summaries, package and project names) on its way into a chat message or an e-mail.
// Each medium acts on different characters; these functions make them inert. Shared rule for all media:
// control characters other than newline and tab, and Unicode's bidirectional controls (which reorder what is
// displayed, "Trojan Source"), are replaced by U+FFFD so that their presence stays visible.

const CONTROLS =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text with control and bidirectional characters replaced (newlines and tabs kept). */
export function cleanText(text: string): string {
  return text.replace(CONTROLS, "\uFFFD");
}

/** Text cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Text for a Slack message (Block Kit text objects and the fallback `text`). `&`, `<` and `>` are Slack's
 * control characters — `<!channel>`, `<!here>`, `<@U123>` and `<https://evil|click here>` are all made of
 * them — so they become entities, as Slack's formatting reference asks. Written-out mass mentions
 * (`@channel`, `@here`, `@everyone`) get a word joiner after the `@`, so no client setting can turn them
 * into notifications either.
 */
export function slackText(text: string): string {
  return cleanText(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(channel|here|everyone)\b/gi, "@\u2060$1");
}

/**
 * Text for an Adaptive Card `TextRun` (Teams). TextRuns are not Markdown (unlike TextBlock and FactSet), so
 * `[link](url)`, `**` and `<at>` stay literal text; what remains active is the `{{DATE(…)}}`/`{{TIME(…)}}`
 * template syntax, broken here with a zero-width space between the braces.
 */
export function teamsText(text: string): string {
  return cleanText(text)
    .replace(/\{\{/g, "{\u200b{")
    .replace(/@(channel|here|everyone)\b/gi, "@\u2060$1");
}

/** Text for a mail header (the subject): one line, no control characters; the mailer encodes the rest. */
export function headerText(text: string): string {
  return cleanText(text.replace(/[\r\n\t]+/g, " ")).trim();
}
