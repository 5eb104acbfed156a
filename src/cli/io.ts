import { writeFileSync } from "node:fs";
import { access, constants, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { BulwarkError, type BulwarkErrorOptions } from "../model/errors.js";
import { type CliContext, toStdout } from "./context.js";

/** A command-line usage mistake: exit code 2 with a message saying what to write instead. */
export class UsageError extends BulwarkError {
  constructor(message: string, options: BulwarkErrorOptions = {}) {
    super("USAGE", message, options);
  }
}

/** Text ends with one newline, as a terminal or file expects. */
function withNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** The usage error for an output file that cannot be written, naming it and the reason. */
function cannotWrite(path: string, reason: string, cause?: unknown): UsageError {
  return new UsageError(`cannot write ${path}: ${reason}`, {
    details: { path },
    hint: "choose a file in an existing folder you may write to (-o FILE), or leave -o out for standard output",
    cause,
  });
}

/** The reason an operating-system error gives, in words. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: "its folder does not exist",
    ENOTDIR: "a part of its folder path is a file, not a folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "it is a folder",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
  };
  return (code && words[code]) ?? (error as Error).message;
}

/**
 * Checks, before any work, that a result can be written to `path`: its folder exists, is a folder and may be
 * written to, and the path is not a folder itself. A usage error naming the path otherwise (main runs it for
 * every `-o`).
 */
export async function checkOutputPath(path: string): Promise<void> {
  if (toStdout(path)) return;
  const folder = dirname(resolve(path));
  const folderStat = await stat(folder).catch((error: unknown) => {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw cannotWrite(
      path,
      missing
        ? `the folder ${folder} does not exist`
        : `the folder ${folder} cannot be used: ${reasonOf(error)}`,
      error,
    );
  });
  if (!folderStat.isDirectory()) throw cannotWrite(path, `${folder} is not a folder`);
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory()) throw cannotWrite(path, "it is a folder");
  await access(target ? path : folder, constants.W_OK).catch((error: unknown) => {
    throw cannotWrite(path, target ? reasonOf(error) : `the folder ${folder} is not writable`, error);
  });
}

/** Writes a command's result to `output` (a file) or, without one or with "-", to the context's standard output. */
export async function writeResult(ctx: CliContext, text: string, output?: string): Promise<void> {
  if (toStdout(output)) {
    ctx.stdout.write(withNewline(text));
    return;
  }
  try {
    await writeFile(output as string, withNewline(text));
  } catch (error) {
    throw cannotWrite(output as string, reasonOf(error), error);
  }
}

/**
 * Writes a command's result to `--output FILE` when given, else to standard output. For the commands not yet
 * on the context (db, query); the others use `writeResult`.
 */
export function emit(text: string, output?: string): void {
  if (toStdout(output)) {
    process.stdout.write(withNewline(text));
    return;
  }
  try {
    writeFileSync(output as string, withNewline(text));
  } catch (error) {
    throw cannotWrite(output as string, reasonOf(error), error);
  }
}

/** Checks a `--format` value against the allowed ones. */
export function parseFormat<T extends string>(value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown format "${value}"`, { hint: `use one of: ${allowed.join(", ")}` });
}

/** Collects a repeatable option (`--vex a --vex b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
