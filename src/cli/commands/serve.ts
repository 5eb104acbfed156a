import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Command, Option } from "commander";
import envPaths from "env-paths";
import type { SmtpSettings } from "../../notify/smtp.js";
import { returnsExitCode } from "../action.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../io.js";

interface ServeFlags {
  host: string;
  port: string;
  data?: string;
  database?: string;
  publicOsvApi?: boolean;
  updateEvery?: string;
  advisorySource?: string;
  allowPrivateDestinations?: boolean;
  smtp?: string;
  mailFrom?: string;
  uploadLimit: string;
  retention: string;
  demo?: boolean;
  behindProxy?: boolean;
  policy?: string;
  logLevel: string;
  config?: string;
  now?: string;
}

/**
 * The server's clock: the system clock, or with `--now` (tests only) one that starts at that instant and runs
 * on from there, so that a test can restart a server "forty days later" and see SLA breaches.
 */
export function serverClock(now: string | undefined, real: () => number = Date.now): () => Date {
  if (now === undefined) return () => new Date(real());
  const start = Date.parse(now);
  if (Number.isNaN(start))
    throw new UsageError(`--now "${now}" is not an ISO 8601 instant`, { hint: "e.g. 2026-01-05T09:00:00Z" });
  const offset = start - real();
  return () => new Date(real() + offset);
}

/** "90s", "30m", "1h", "1d" -> milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  if (!m || Number(m[1]) === 0)
    throw new UsageError(`${flag} "${text}" is not a duration`, { hint: "write e.g. 30m, 1h or 1d" });
  return Number(m[1]) * unit[m[2] as keyof typeof unit];
}

/** "50MB", "10 MiB", "1000000" -> bytes. */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(|b|kb|kib|mb|mib|gb|gib)$/i.exec(text.trim());
  const unit: Record<string, number> = {
    "": 1,
    b: 1,
    kb: 1e3,
    kib: 1024,
    mb: 1e6,
    mib: 1024 ** 2,
    gb: 1e9,
    gib: 1024 ** 3,
  };
  if (!m) throw new UsageError(`${flag} "${text}" is not a size`, { hint: "write e.g. 50MB or 200MiB" });
  return Math.round(Number(m[1]) * unit[m[2]!.toLowerCase()]!);
}

/** `bulwark serve`: the portfolio server. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command("serve")
    .description(
      "Run the portfolio server: every project's inventory, continuously matched, with an HTTP API",
    )
    .option("--host <HOST>", "address to listen on", "127.0.0.1")
    .option("--port <PORT>", "port to listen on (0: any free port)", "8080")
    .option("--data <DIR>", "folder of the embedded databases (default: the user data folder)")
    .option("--database <URL>", "keep the portfolio in PostgreSQL (postgres://...; or BULWARK_DATABASE_URL)")
    .option("--public-osv-api", "answer the OSV-compatible /v1 routes without a key")
    .option("--update-every <DURATION>", "refresh advisories from osv.dev this often (e.g. 1h) and re-match")
    .option("--advisory-source <URL>", "mirror of osv.dev's exports for --update-every")
    .option(
      "--allow-private-destinations",
      "let outbound requests (webhooks, SMTP, advisory sources) reach private and loopback addresses, over http too",
    )
    .option(
      "--smtp <URL>",
      "SMTP relay of e-mail notifications: smtp://[user:pass@]host[:port] (STARTTLS) or smtps://",
    )
    .option(
      "--mail-from <ADDRESS>",
      "sender of e-mail notifications (with --smtp)",
      "Bulwark <bulwark@localhost>",
    )
    .option("--upload-limit <SIZE>", "largest upload or advisory import accepted", "50MB")
    .option("--retention <N>", "snapshots kept per project version", "20")
    .option("--behind-proxy", "trust X-Forwarded-Proto from the TLS proxy in front (Secure cookies)")
    .option(
      "--policy <FILE>",
      "policy file (as for `bulwark scan --policy`) evaluated on every upload and import",
    )
    .option("--demo", "a throwaway server loaded with the corpus advisories and projects, with an admin key")
    .option("--log-level <LEVEL>", "fatal, error, warn, info, debug or silent", "info")
    .option(
      "--config <FILE>",
      "a bulwark.toml with the SLA policy [server.sla] and incident rules [server.incidents] (default ./bulwark.toml if present)",
    )
    .addOption(new Option("--now <ISO>", "test only: the server's clock starts at this instant").hideHelp())
    .addHelpText(
      "after",
      `
Logs are JSON lines on standard output. SIGTERM or Ctrl-C stops it gracefully: requests in flight finish.
Create the first key with \`bulwark server key create --role admin --name me\` (same --data/--database).

Examples:
  bulwark serve --demo --port 0
  bulwark serve --data /var/lib/bulwark --port 8080
  bulwark serve --database postgres://bulwark@db/bulwark --update-every 1h`,
    )
    .action(
      returnsExitCode(async (flags: ServeFlags): Promise<number> => {
        const port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port "${flags.port}" is not a port number`);
        const retention = Number(flags.retention);
        if (!Number.isInteger(retention) || retention < 1)
          throw new UsageError(`--retention "${flags.retention}" is not a positive whole number`);
        const dataDir =
          flags.data ?? (flags.demo ? await mkdtemp(join(tmpdir(), "bulwark-demo-")) : defaultDataDir());
        // a policy that cannot be read or used stops the start, before anything listens
        const policy = flags.policy
          ? await (await import("../../policy/index.js")).loadPolicy(flags.policy)
          : undefined;
        const { runServer } = await import("../../server/run.js");
        const [{ loadBulwarkToml, CONFIG_FILE_NAME }, { slaPolicyOf }] = await Promise.all([
          import("../../config/bulwark-toml.js"),
          import("../../clock/sla.js"),
        ]);
        const { incidentRulesFrom } = await import("../../incidents/rules.js");
        const config = await loadBulwarkToml(flags.config ?? CONFIG_FILE_NAME, flags.config !== undefined);
        const server = await runServer({
          host: flags.host,
          port,
          dataDir,
          database: flags.database ?? ctx.settings.databaseUrl,
          publicOsvApi: flags.publicOsvApi,
          behindProxy: flags.behindProxy ?? false,
          uploadLimitBytes: parseSize(flags.uploadLimit, "--upload-limit"),
          retention,
          incidentRules: incidentRulesFrom(config?.server?.incidents),
          ...(policy ? { policy } : {}),
          ...(flags.updateEvery ? { updateEveryMs: parseDuration(flags.updateEvery, "--update-every") } : {}),
          ...(flags.advisorySource ? { advisorySource: flags.advisorySource } : {}),
          ...(flags.smtp ? { smtp: smtpSettings(flags.smtp, flags.mailFrom) } : {}),
          outbound: {
            allowPrivate: flags.allowPrivateDestinations ?? false,
            allowHttp: flags.allowPrivateDestinations ?? false,
          },
          logger: flags.logLevel === "silent" ? false : { level: flags.logLevel },
          sla: slaPolicyOf(config),
          clock: serverClock(flags.now),
        });
        ctx.stderr.write(`Bulwark server listening on ${server.url} (data: ${dataDir})\n`);
        if (flags.demo) await loadDemo(ctx, server, dataDir);
        await new Promise<void>((resolve) => {
          const stop = () => {
            ctx.stderr.write("stopping: finishing requests in flight\n");
            server.close().then(resolve, resolve);
          };
          process.once("SIGTERM", stop);
          process.once("SIGINT", stop);
        });
        return 0;
      }),
    );
}

/** `--smtp smtp://user:pass@host:587` -> the relay's settings (smtps:// is TLS from the first byte). */
export function smtpSettings(text: string, from = "Bulwark <bulwark@localhost>"): SmtpSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--smtp "${text}" is not a URL`, { hint: "write e.g. smtp://mail.example.org:587" });
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    throw new UsageError(`--smtp "${url.protocol}" is not smtp: or smtps:`);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    secure,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    from,
  };
}

function defaultDataDir(): string {
  return envPaths("bulwark", { suffix: "" }).data;
}

/** The corpus beside the repository (`../shared/corpus`), or BULWARK_CORPUS; undefined when absent. */
function corpusFolder(ctx: CliContext): string | undefined {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const folder = ctx.settings.corpus ?? join(root, "..", "shared", "corpus");
  return existsSync(join(folder, "osv")) ? folder : undefined;
}

/** --demo: the corpus advisories and projects, and an admin key printed for the newcomer. */
async function loadDemo(
  ctx: CliContext,
  server: import("../../server/run.js").RunningServer,
  dataDir: string,
): Promise<void> {
  const [
    { hashApiKey },
    { newApiKey },
    { importIntoPortfolio },
    { ingestUpload },
    { inventory, inventoryToJson },
    { importKevIntoPortfolio },
  ] = await Promise.all([
    import("../../store/portfolio/api-key-hash.js"),
    import("../../server/key-authenticator.js"),
    import("../../portfolio/monitor.js"),
    import("../../portfolio/ingest.js"),
    import("../../inventory/index.js"),
    import("../../portfolio/exploit-refresh.js"),
  ]);
  const key = newApiKey();
  await server.store.apiKeys.create({
    name: "demo-admin",
    role: "admin",
    projectPatterns: [],
    hash: hashApiKey(key),
    createdAt: new Date().toISOString(),
  });
  // the server's own context: its clock, SLA policy and KEV/EPSS enricher
  const portfolio = server.portfolio;
  const corpus = corpusFolder(ctx);
  if (corpus) {
    const kevFile = join(corpus, "kev", "known_exploited_vulnerabilities.json");
    if (existsSync(kevFile)) {
      // before the advisories and projects: their findings are KEV-flagged as they are matched
      const kev = await importKevIntoPortfolio(
        portfolio,
        server.exploitData,
        await readFile(kevFile, "utf8"),
        {
          source: "corpus/kev",
          by: "demo",
        },
      );
      ctx.stderr.write(`imported the KEV catalogue ${kev.version} (${kev.entries} entries)\n`);
    }
    const imported = await importIntoPortfolio(portfolio, [join(corpus, "osv")], {
      source: "corpus/osv",
      by: "demo",
    });
    ctx.stderr.write(`imported ${imported.imported} advisories from ${join(corpus, "osv")}\n`);
    for (const name of (await readdir(join(corpus, "projects"), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()) {
      const inv = await inventory([join(corpus, "projects", name)]);
      const answer = await ingestUpload(portfolio, {
        project: `corpus/${name}`,
        body: JSON.stringify(inventoryToJson(inv)),
        uploadedBy: "demo",
      });
      ctx.stderr.write(
        `uploaded corpus/${name}: ${answer.components} components, ${answer.findings.open} open findings\n`,
      );
    }
  } else ctx.stderr.write("no corpus found (../shared/corpus or BULWARK_CORPUS): the demo starts empty\n");
  ctx.stderr.write(`\nOpen ${server.url} and sign in with the admin key:\n  ${key}\n(data in ${dataDir})\n`);
}
