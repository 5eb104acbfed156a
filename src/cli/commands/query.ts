import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { emit, parseFormat, UsageError } from "../io.js";

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
export function register(program: Command): void {
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
      const format = parseFormat(flags.format, ["table", "json"] as const);
      const { openAdvisoryDatabase } = await import("../../advisories/database.js");
      if (flags.batch !== undefined) {
        if (purl || flags.ecosystem || flags.name || flags.version)
          throw new UsageError("--batch cannot be combined with a single query", {
            hint: "put every query in the batch file",
          });
        const request = parseJson(readBatch(flags.batch), flags.batch);
        const { runQueryBatch, parseBatchRequest } = await import("../../advisories/querybatch.js");
        parseBatchRequest(request); // report a malformed batch before opening the database
        const db = openAdvisoryDatabase({ db: flags.db });
        try {
          emit(JSON.stringify(runQueryBatch(db, request)), flags.output);
        } finally {
          db.close();
        }
        return;
      }
      const query = await singleQuery(purl, flags);
      const { queryResult, formatQueryTable } = await import("../../advisories/query-output.js");
      const db = openAdvisoryDatabase({ db: flags.db });
      try {
        const result = queryResult(query, db.query(query));
        emit(format === "json" ? JSON.stringify(result, null, 2) : formatQueryTable(result), flags.output);
      } finally {
        db.close();
      }
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
