import { join } from "node:path";
import type { HttpClient, OutboundPolicy } from "../net/index.js";
import type { FetchLike } from "../provenance/package-provenance.js";
import type { TrustStore } from "../provenance/trust.js";
import type { DocumentDating } from "../sbom/write/document-info.js";
import { VERSION } from "../version.js";
import { createProgressBar } from "./progress-bar.js";

/** A stream the CLI writes text to: standard output or error, or a test's capture. */
export interface TerminalStream {
  write(text: string): unknown;
  /** True when it is a terminal (colour, progress, fitting tables to its width). */
  readonly isTTY?: boolean;
  /** The terminal's width in columns, when it is one. */
  readonly columns?: number;
}

/** What one CLI run starts from: the process's environment, streams and clock (tests pass their own). */
export interface CliInputs {
  env: Readonly<NodeJS.ProcessEnv>;
  stdout: TerminalStream;
  stderr: TerminalStream;
  now?: () => Date;
}

/**
 * The settings the environment gives, read once. No other code reads `process.env`: library code takes
 * these values as parameters.
 */
export interface CliSettings {
  /** BULWARK_DB: the advisory database when `--db` is not given. */
  db?: string;
  /** BULWARK_OSV_BASE_URL: mirror of osv.dev's exports for `db update`. */
  osvBaseUrl?: string;
  /** BULWARK_TRUST_DIR: where `trust update` keeps refreshed trust material. */
  trustDir?: string;
  /** SOURCE_DATE_EPOCH as given; checked when a command dates a document (see `CliContext.dating`). */
  sourceDateEpoch?: string;
  /** NO_COLOR (https://no-color.org): set and not empty turns colour off. */
  noColor: boolean;
  /** BULWARK_DEBUG: stack traces under error messages. */
  debug: boolean;
  /** BULWARK_API_KEY: the key for a Bulwark server, for commands that talk to one. */
  apiKey?: string;
  /** BULWARK_DATABASE_URL: the portfolio server's PostgreSQL when `--database` is not given. */
  databaseUrl?: string;
  /** BULWARK_CORPUS: the test corpus `serve --demo` loads (default: ../shared/corpus beside the package). */
  corpus?: string;
  /** SIGSTORE_ID_TOKEN: an OIDC token for keyless signing. */
  sigstoreIdToken?: string;
  /** COLUMNS: the width tables fit, overriding the terminal's own (also when output is not a terminal). */
  columns?: number;
}

/** Progress of long work, shown on standard error when it is a terminal. */
export interface Progress {
  update(done: number, total?: number): void;
  done(): void;
}

/** An advisory database opened for one command: its reader, and closing it (as src/cli/advisories.ts gives it). */
export type OpenAdvisories = Awaited<ReturnType<typeof import("./advisories.js").openAdvisoriesForReading>>;

/** Long work shows progress only after this long, so that quick commands print nothing extra. */
const PROGRESS_DELAY_MS = 500;

/** A non-empty trimmed value, or undefined. */
function value(env: Readonly<NodeJS.ProcessEnv>, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** Reads the environment's settings (see CliSettings). */
export function settingsFrom(env: Readonly<NodeJS.ProcessEnv>): CliSettings {
  const columns = Number(value(env, "COLUMNS"));
  const debug = value(env, "BULWARK_DEBUG");
  return {
    db: value(env, "BULWARK_DB"),
    osvBaseUrl: value(env, "BULWARK_OSV_BASE_URL"),
    trustDir: value(env, "BULWARK_TRUST_DIR"),
    sourceDateEpoch: value(env, "SOURCE_DATE_EPOCH"),
    noColor: value(env, "NO_COLOR") !== undefined,
    debug: debug !== undefined && debug !== "0",
    apiKey: value(env, "BULWARK_API_KEY"),
    sigstoreIdToken: value(env, "SIGSTORE_ID_TOKEN"),
    databaseUrl: value(env, "BULWARK_DATABASE_URL"),
    corpus: value(env, "BULWARK_CORPUS"),
    columns: Number.isInteger(columns) && columns > 0 ? columns : undefined,
  };
}

/**
 * The one object a CLI run builds at start (in `main()`) and passes to every command: the environment's
 * settings, the streams and whether they are terminals, the clock, the outbound-request policy and its HTTP
 * client, the trust store, and the advisory database opener. What it creates (HTTP client, trust store with its bounded cache) is created
 * once, on first use, and lives as long as the run.
 */
export class CliContext {
  /** The environment the run started with (a copy): git and keyless signing start from it. */
  readonly env: Readonly<NodeJS.ProcessEnv>;
  readonly settings: Readonly<CliSettings>;
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
  /** Where outbound requests may go: https to public addresses (docs/network.md). */
  readonly outbound: OutboundPolicy = {};
  private readonly clock: () => Date;
  private httpClient?: Promise<HttpClient>;
  private trust?: Promise<TrustStore>;

  constructor(inputs: CliInputs) {
    this.env = Object.freeze({ ...inputs.env });
    this.settings = Object.freeze(settingsFrom(this.env));
    this.stdout = inputs.stdout;
    this.stderr = inputs.stderr;
    this.clock = inputs.now ?? (() => new Date());
  }

  /** The current time: scans judge ignore expiry and data age against it. */
  now(): Date {
    return this.clock();
  }

  /** Whether a result written to `output` (a file, or standard output when absent or "-") may use colour. */
  color(output?: string): boolean {
    return toStdout(output) && Boolean(this.stdout.isTTY) && !this.settings.noColor;
  }

  /**
   * The width a table written to `output` fits: COLUMNS when set, else the terminal's; undefined (whole rows)
   * for a file, for standard output that is not a terminal without COLUMNS, and with `--wide`.
   */
  tableWidth(output: string | undefined, wide: boolean): number | undefined {
    if (wide || !toStdout(output)) return undefined;
    if (this.settings.columns) return this.settings.columns;
    return this.stdout.isTTY ? (this.stdout.columns ?? 80) : undefined;
  }

  /**
   * Reproducible document dating from SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/);
   * a value that is not a whole number of seconds is a usage error rather than silently "now".
   */
  async dating(): Promise<DocumentDating> {
    const raw = this.settings.sourceDateEpoch;
    if (raw === undefined) return {};
    if (!/^\d+$/.test(raw)) {
      const { UsageError } = await import("./io.js");
      throw new UsageError(`SOURCE_DATE_EPOCH="${raw}" is not a number of seconds since 1970`, {
        hint: "set it to e.g. $(git log -1 --format=%ct), or unset it",
      });
    }
    return { sourceDateEpoch: Number(raw) };
  }

  /** The HTTP client every outbound request of this run goes through (the outbound policy applied). */
  http(): Promise<HttpClient> {
    this.httpClient ??= import("../net/index.js").then(({ createHttpClient }) =>
      createHttpClient({ policy: this.outbound, userAgent: `bulwark/${VERSION}` }),
    );
    return this.httpClient;
  }

  /** `fetch` for library code that takes one (npm attestations), going through `http()`. */
  async fetch(): Promise<FetchLike> {
    const http = await this.http();
    return async (url, init) => {
      const response = await http.request(url, { signal: init.signal });
      // Read the (small) body at once: an unread body would keep its connection open.
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      return {
        status: response.status,
        ok: response.status >= 200 && response.status < 300,
        arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength),
      };
    };
  }

  /** The advisory database for reading: `--db` (`flag`), else BULWARK_DB, else the user data folder's. */
  async openAdvisories(flag: string | undefined): Promise<OpenAdvisories> {
    const { openAdvisoriesForReading } = await import("./advisories.js");
    return openAdvisoriesForReading(flag, this.env);
  }

  /** openAdvisories, or undefined when there is no database (for commands to which advisories are optional). */
  async openAdvisoriesIfPresent(flag: string | undefined): Promise<OpenAdvisories | undefined> {
    const { openAdvisoriesIfPresent } = await import("./advisories.js");
    return openAdvisoriesIfPresent(flag, this.env);
  }

  /** Where `trust update` keeps refreshed trust material: BULWARK_TRUST_DIR, else the user data folder. */
  async trustDir(): Promise<string> {
    if (this.settings.trustDir) return this.settings.trustDir;
    const { default: envPaths } = await import("env-paths");
    return join(envPaths("bulwark", { suffix: "" }).data, "sigstore");
  }

  /** The run's trust store: explicit files, else the refreshed folder's, else the pinned copies. */
  trustStore(): Promise<TrustStore> {
    this.trust ??= Promise.all([import("../provenance/trust.js"), this.trustDir()]).then(
      ([{ TrustStore }, refreshedDir]) => new TrustStore({ refreshedDir }),
    );
    return this.trust;
  }

  /**
   * Progress of long work on standard error: a bar (or a count without a total) once the work has taken
   * half a second, and only when standard error is a terminal — never in pipes, files or CI logs.
   */
  progress(label: string): Progress {
    if (!this.stderr.isTTY) return { update() {}, done() {} };
    const bar = createProgressBar(this.stderr as NodeJS.WriteStream);
    const start = this.clock().getTime();
    return {
      update: (done, total) => {
        if (this.clock().getTime() - start >= PROGRESS_DELAY_MS) bar.update(label, done, total);
      },
      done: () => bar.done(),
    };
  }
}

/** Whether a result goes to standard output: no `--output`, or `-`. */
export function toStdout(output: string | undefined): boolean {
  return !output || output === "-";
}
