import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { NotificationPayload } from "../notify/events.js";
import { corpusPath } from "./corpus.js";

// Test support for notifications: findings made from real corpus advisories, a local HTTP receiver that
// records what it is sent, and a clock the test moves.

type FindingPayload = NonNullable<NotificationPayload["findings"]>[number];

interface OsvLike {
  id: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  database_specific?: { severity?: string };
  affected?: {
    package?: { ecosystem: string; name: string };
    ranges?: { events: Record<string, string>[] }[];
    versions?: string[];
  }[];
}

const RATING: Record<string, "critical" | "high" | "medium" | "low"> = {
  CRITICAL: "critical",
  HIGH: "high",
  MODERATE: "medium",
  MEDIUM: "medium",
  LOW: "low",
};

async function kevCves(): Promise<Set<string>> {
  const text = await readFile(corpusPath("kev", "known_exploited_vulnerabilities.json"), "utf8");
  const catalogue = JSON.parse(text) as { vulnerabilities: { cveID: string }[] };
  return new Set(catalogue.vulnerabilities.map((v) => v.cveID));
}

/**
 * A finding as an event payload lists it, made from a real OSV record: its first affected package at a
 * version the record says is affected (a listed version, else the first non-zero `introduced`), its fixed
 * versions, its severity label, and KEV when one of its aliases is in the corpus's KEV catalogue. Records
 * that name no concrete affected version give none.
 */
function findingFrom(record: OsvLike, kev: Set<string>): FindingPayload | undefined {
  const affected = record.affected?.find((a) => a.package);
  if (!affected?.package) return undefined;
  const events = affected.ranges?.flatMap((r) => r.events) ?? [];
  const version =
    affected.versions?.[0] ?? events.map((e) => e.introduced).find((v) => v !== undefined && v !== "0");
  if (!version) return undefined;
  const fixed = events.map((e) => e.fixed).filter((v): v is string => v !== undefined);
  const label = record.database_specific?.severity?.toUpperCase();
  const finding: FindingPayload = {
    id: record.id,
    aliases: record.aliases ?? [],
    summary: record.summary ?? record.details?.split("\n")[0] ?? "",
    package: { ecosystem: affected.package.ecosystem, name: affected.package.name, version },
    fixed,
    kev: (record.aliases ?? []).some((a) => kev.has(a)),
  };
  const rating = label ? RATING[label] : undefined;
  if (rating) finding.severity = rating;
  return finding;
}

async function findingsIn(folder: string, keep: (f: FindingPayload) => boolean): Promise<FindingPayload[]> {
  const dir = corpusPath("osv", folder);
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  const kev = await kevCves();
  const out: FindingPayload[] = [];
  for (const name of names) {
    const finding = findingFrom(JSON.parse(await readFile(join(dir, name), "utf8")) as OsvLike, kev);
    if (finding && keep(finding)) out.push(finding);
  }
  return out;
}

/**
 * Findings made from the corpus's GitHub advisories — npm (`osv/npm-ghsa`) then Maven and others
 * (`osv/ghsa-and-others`, whose records list their affected versions) — in file-name order: the records that
 * name a concrete affected version, about 400.
 */
export async function corpusFindings(): Promise<FindingPayload[]> {
  const [npm, others] = await Promise.all([
    findingsIn("npm-ghsa", () => true),
    findingsIn("ghsa-and-others", () => true),
  ]);
  return [...npm, ...others];
}

/** Findings made from the corpus's GHSA and Go records whose aliases are KEV-listed (Tomcat, Shiro, ...). */
export async function kevFindings(): Promise<FindingPayload[]> {
  const [ghsa, go] = await Promise.all([
    findingsIn("ghsa-and-others", (f) => f.kev === true),
    findingsIn("go", (f) => f.kev === true),
  ]);
  return [...ghsa, ...go];
}

/** One request a receiver got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received (what a signature covers). */
  body: string;
  receivedAt: number;
}

/** A local HTTP receiver on 127.0.0.1 that records requests and answers as the test says. */
export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** How to answer the next requests (default 200). */
  answer: (request: ReceivedRequest, res: ServerResponse) => void;
  /** Resolves when `count` requests have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening (the receiver is down); `start` listens again on the same port (a no-op when listening). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startReceiver(): Promise<Receiver> {
  const waiters: { count: number; resolve: () => void }[] = [];
  let server: Server | undefined;
  const receiver: Receiver = {
    url: "",
    port: 0,
    requests: [],
    answer: (_request, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    },
    waitFor(count, timeoutMs = 5000) {
      if (receiver.requests.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`receiver: ${receiver.requests.length} of ${count} requests after ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async start() {
      if (server) return;
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const request: ReceivedRequest = {
            method: req.method ?? "",
            path: req.url ?? "",
            headers: req.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            receivedAt: performance.now(),
          };
          receiver.requests.push(request);
          receiver.answer(request, res);
          for (const waiter of [...waiters]) {
            if (receiver.requests.length >= waiter.count) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve();
            }
          }
        });
      });
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(receiver.port, "127.0.0.1", () => resolve());
      });
      receiver.port = (s.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
      server = s;
    },
  };
  await receiver.start();
  return receiver;
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  iso(): string {
    return new Date(this.ms).toISOString();
  }
}
