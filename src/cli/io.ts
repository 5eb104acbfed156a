import { writeFileSync } from "node:fs";
import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";

/** A command-line usage mistake: exit code 2 with a message saying what to write instead. */
export class UsageError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("USAGE", message, options);
  }
}

/** Writes a command's result to `--output FILE` when given, else to standard output. */
export function emit(text: string, output?: string): void {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (output && output !== "-") writeFileSync(output, body);
  else process.stdout.write(body);
}

/** Whether standard output is a terminal (colour, progress bars) and colour is not disabled by NO_COLOR. */
export function useColor(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

/** Checks a `--format` value against the allowed ones. */
export function parseFormat<T extends string>(value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown format "${value}"`, { hint: `use one of: ${allowed.join(", ")}` });
}

/**
 * Reproducible document dating from SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/);
 * a value that is not a whole number of seconds is a usage error rather than silently "now".
 */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): { sourceDateEpoch?: number } {
  const raw = env.SOURCE_DATE_EPOCH?.trim();
  if (!raw) return {};
  if (!/^\d+$/.test(raw))
    throw new UsageError(`SOURCE_DATE_EPOCH="${raw}" is not a number of seconds since 1970`, {
      hint: "set it to e.g. $(git log -1 --format=%ct), or unset it",
    });
  return { sourceDateEpoch: Number(raw) };
}

/** Collects a repeatable option (`--vex a --vex b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
