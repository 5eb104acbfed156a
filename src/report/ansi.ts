import type { SeverityRating } from "../model/finding.js";

const CODES: Record<SeverityRating | "bold" | "dim" | "warn", string> = {
  critical: "\u001b[1;35m",
  high: "\u001b[31m",
  medium: "\u001b[33m",
  low: "\u001b[36m",
  unknown: "\u001b[2m",
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  warn: "\u001b[33m",
};

/** Wraps text in an ANSI style when colour is on (decided by the caller, see useColor in cli/io.ts). */
export function paint(text: string, style: keyof typeof CODES, color: boolean): string {
  return color ? `${CODES[style]}${text}\u001b[0m` : text;
}
