import { parse as parseToml } from "smol-toml";
import { syntaxError } from "./parse-text.js";

/**
 * Parses TOML (smol-toml); a syntax error throws ExtractError with the line and column smol-toml reports,
 * absurd nesting one saying so. `what` names the expected document ("Cargo.lock").
 */
export function parseTomlText(text: string, what: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    throw syntaxError("TOML", what, error, typeof line === "number" ? { line, column } : undefined);
  }
}
