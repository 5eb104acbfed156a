import type { Command } from "commander";
import envPaths from "env-paths";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { withExamples } from "../help.js";
import { collect, UsageError, writeResult } from "../io.js";
import { formatOption } from "../options.js";

interface StoreFlags {
  data?: string;
  database?: string;
}

const ROLES = ["admin", "write", "read"] as const;

/** Opens the portfolio store a server uses (same --data / --database / BULWARK_DATABASE_URL as `serve`). */
async function withStore<T>(
  ctx: CliContext,
  flags: StoreFlags,
  work: (store: import("../../store/portfolio/index.js").PortfolioStore) => Promise<T>,
) {
  const { openPortfolioStore, portfolioLocation } = await import("../../store/portfolio/index.js");
  const store = await openPortfolioStore(
    portfolioLocation({
      database: flags.database ?? ctx.settings.databaseUrl,
      dataDir: flags.data ?? envPaths("bulwark", { suffix: "" }).data,
    }),
  );
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** `bulwark server key create|list|revoke`: the server's API keys, from the machine it runs on. */
export function register(program: Command, ctx: CliContext): void {
  const server = program
    .command("server")
    .description("Administer a portfolio server's store from its machine");
  withExamples(server, ["bulwark server key create --role admin --name alice"]);
  const key = server.command("key").description("API keys of the server");
  withExamples(key, [
    "bulwark server key create --role write --name ci --projects 'web/*'",
    "bulwark server key list",
  ]);
  const storeOptions = (c: Command) =>
    c
      .option("--data <DIR>", "the server's data folder (default: the user data folder)")
      .option("--database <URL>", "the server's PostgreSQL (or BULWARK_DATABASE_URL)");

  storeOptions(
    key
      .command("create")
      .description("Create an API key; prints it once, alone on standard output")
      .requiredOption("--name <NAME>", "who or what uses it (shown in the audit log)")
      .requiredOption("--role <ROLE>", `one of ${ROLES.join(", ")}`)
      .option(
        "--projects <PATTERN>",
        "limit it to project names matching (e.g. 'team-a/*'; repeatable)",
        collect,
      ),
  )
    .addHelpText(
      "after",
      `
Examples:
  bulwark server key create --role admin --name alice
  KEY=$(bulwark server key create --role write --name ci --projects 'payments/*')`,
    )
    .action(
      returnsExitCode(
        async (flags: StoreFlags & { name: string; role: string; projects?: string[] }): Promise<number> => {
          if (!ROLES.includes(flags.role as (typeof ROLES)[number]))
            throw new UsageError(`--role "${flags.role}" is not a role`, {
              hint: `use one of: ${ROLES.join(", ")}`,
            });
          const [{ hashApiKey }, { newApiKey }] = await Promise.all([
            import("../../store/portfolio/api-key-hash.js"),
            import("../../server/key-authenticator.js"),
          ]);
          const secret = newApiKey();
          await withStore(ctx, flags, async (store) => {
            const at = new Date().toISOString();
            await store.transaction(async (tx) => {
              const created = await tx.apiKeys.create({
                name: flags.name,
                role: flags.role as (typeof ROLES)[number],
                projectPatterns: flags.projects ?? [],
                hash: hashApiKey(secret),
                createdAt: at,
                createdBy: "cli",
              });
              await tx.audit.append([
                {
                  at,
                  keyName: "cli",
                  action: "key.create",
                  target: created.name,
                  details: { role: created.role },
                },
              ]);
            });
          });
          ctx.stdout.write(`${secret}\n`);
          return 0;
        },
      ),
    );

  storeOptions(key.command("list").description("List the API keys (never the keys themselves)"))
    .addOption(formatOption(["table", "json"], "table"))
    .addHelpText("after", "\nExamples:\n  bulwark server key list\n  bulwark server key list --format json")
    .action(
      returnsExitCode(async (flags: StoreFlags & { format: string }): Promise<number> => {
        const keys = await withStore(
          ctx,
          flags,
          async (store) => (await store.apiKeys.list({ includeRevoked: true, limit: 1000 })).items,
        );
        if (flags.format === "json") await writeResult(ctx, JSON.stringify(keys, null, 2));
        else
          await writeResult(
            ctx,
            keys
              .map(
                (k) =>
                  `${k.id}\t${k.name}\t${k.role}\t${k.projectPatterns.join(",") || "*"}\t${k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? "never"}`}`,
              )
              .join("\n") || "no keys",
          );
        return 0;
      }),
    );

  storeOptions(
    key.command("revoke").description("Revoke an API key by id").argument("<ID>", "the key's id (see list)"),
  )
    .addHelpText("after", "\nExamples:\n  bulwark server key revoke 3")
    .action(
      returnsExitCode(async (id: string, flags: StoreFlags): Promise<number> => {
        const done = await withStore(ctx, flags, (store) =>
          store.apiKeys.revoke(Number(id), new Date().toISOString()),
        );
        if (!done) throw new UsageError(`no active key with id ${id}`);
        await writeResult(ctx, `revoked key ${id}`);
        return 0;
      }),
    );
}
