import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { AdvisoryReader } from "../../advisories/ports.js";
import { checkReportFormat, renderReport } from "../../report/registry.js";
import type { CliContext } from "../context.js";
import { emit, UsageError } from "../io.js";

interface QueryFlags {
  ecosystem?: string;
  name?: string;
  version?: string;
  commit?: string;
  batch?: string;
  format: string;
  db?: string;
  output?: string;
}

/** `bulwark query`: which advisories affect a package version (or a whole OSV querybatch request). */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("query")
    .description("Show the advisories that affect a package version, from the local advisory database")
    .argument("[purl]", "package URL with version, e.g. pkg:pypi/django@3.2.0")
    .option("--ecosystem <ecosystem>", 'OSV ecosystem, e.g. PyPI, npm, "Debian:12"')
    .option("--name <name>", "package name")
    .option("--version <version>", "package version")
    .option("--commit <hash>", "VCS commit to check against GIT ranges")
    .option("--batch <file>", "answer an OSV API querybatch request from FILE (- for standard input)")
    .option("--format <format>", "table or json (--batch always prints json)", "table")
    .option("--db <path>", "advisory database (default: $BULWARK_DB or the user data directory)")
    .option("-o, --output <file>", "write the result to FILE")
    .addHelpText(
      "after",
      `
Examples:
  bulwark query pkg:pypi/django@3.2.0
  bulwark query --ecosystem Go --name golang.org/x/net --version 0.17.0 --format json
  bulwark query --batch queries.json        # {"queries":[{"package":{"ecosystem","name"},"version"}]}`,
    )
    .action(async (purl: string | undefined, flags: QueryFlags) => {
      const format = checkReportFormat("query", flags.format);
      const { openAdvisoryDatabase } = await import("../../advisories/database.js");
      const { resolveDatabasePath } = await import("../../advisories/database-path.js");
      const path = resolveDatabasePath({ db: flags.db, env: ctx.settings.db });
      if (flags.batch !== undefined) {
        if (purl || flags.ecosystem || flags.name || flags.version)
          throw new UsageError("--batch cannot be combined with a single query", {
            hint: "put every query in the batch file",
          });
        const request = parseJson(readBatch(flags.batch), flags.batch);
        const { queryBatchJson, parseBatchRequest } = await import("../../advisories/querybatch.js");
        parseBatchRequest(request); // report a malformed batch before opening the database
        const db = await openAdvisoryDatabase({ path });
        try {
          await emitPieces(queryBatchJson(db.reader, request), flags.output);
        } finally {
          await db.close();
        }
        return;
      }
      const query = await singleQuery(purl, flags);
      const { queryResult } = await import("../../report/query.js");
      const db = await openAdvisoryDatabase({ path });
      try {
        await refuseUnknownEcosystem(query.ecosystem, db.reader);
        const result = queryResult(query, await db.reader.query(query));
        emit(await renderReport("query", format, result, {}), flags.output);
      } finally {
        await db.close();
      }
    });
}

/**
 * An ecosystem neither the registry nor the database knows would answer "no known advisories" for anything:
 * refuse it, with the known names and the closest one.
 */
async function refuseUnknownEcosystem(ecosystem: string, reader: AdvisoryReader): Promise<void> {
  const { knownEcosystem } = await import("../../advisories/known-ecosystems.js");
  if (knownEcosystem(ecosystem).known) return;
  const check = knownEcosystem(
    ecosystem,
    (await reader.status()).ecosystems.map((e) => e.ecosystem),
  );
  if (check.known) return;
  const { terminalText } = await import("../../report/terminal-text.js");
  throw new UsageError(`unknown ecosystem "${terminalText(ecosystem)}"`, {
    hint: `${check.suggestion ? `did you mean "${check.suggestion}"? ` : ""}OSV ecosystem names are case-sensitive; known: ${check.names.join(", ")}`,
  });
}

async function singleQuery(purl: string | undefined, flags: QueryFlags) {
  if (purl) {
    if (flags.ecosystem || flags.name)
      throw new UsageError("give either a purl or --ecosystem/--name/--version, not both");
    const { refFromPurl } = await import("../../ecosystems/purl.js");
    const ref = refFromPurl(purl);
    const version = flags.version ?? ref.version;
    if (!version && !flags.commit)
      throw new UsageError(`the package URL "${purl}" has no version`, {
        hint: "add @VERSION to the purl, e.g. pkg:pypi/django@3.2.0, or pass --version",
      });
    return {
      ecosystem: ref.ecosystem,
      name: ref.name,
      version,
      ...(flags.commit ? { commit: flags.commit } : {}),
    };
  }
  if (!flags.ecosystem || !flags.name || (!flags.version && !flags.commit))
    throw new UsageError("say which package to look up", {
      hint: "bulwark query pkg:pypi/django@3.2.0, or --ecosystem E --name N --version V, or --batch FILE",
    });
  return {
    ecosystem: flags.ecosystem,
    name: flags.name,
    version: flags.version ?? "",
    ...(flags.commit ? { commit: flags.commit } : {}),
  };
}

/** Writes text that comes in pieces to FILE or standard output, a megabyte at a time, ending with a newline. */
async function emitPieces(pieces: AsyncIterable<string>, output?: string): Promise<void> {
  const { closeSync, openSync, writeSync } = await import("node:fs");
  const fd = output && output !== "-" ? openSync(output, "w") : 1;
  try {
    let buffered = "";
    for await (const piece of pieces) {
      buffered += piece;
      if (buffered.length >= 1 << 20) {
        writeAll(writeSync, fd, buffered);
        buffered = "";
      }
    }
    writeAll(writeSync, fd, `${buffered}\n`);
  } finally {
    if (fd !== 1) closeSync(fd);
  }
}

/** writeSync may write less than asked (a pipe that is full): write the rest. */
function writeAll(writeSync: typeof import("node:fs").writeSync, fd: number, text: string): void {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      // a non-blocking standard output that is full: wait a moment and try again
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

function readBatch(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the batch file ${file}: ${(error as Error).message}`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the batch file ${file} is not JSON: ${(error as Error).message}`, {
      hint: 'write an OSV querybatch request: {"queries":[{"package":{"ecosystem":"PyPI","name":"x"},"version":"1.0"}]}',
    });
  }
}
