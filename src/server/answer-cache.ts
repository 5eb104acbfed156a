import type { FastifyReply, FastifyRequest } from "fastify";
import type { App } from "./app.js";
import type { RequestMark } from "./change-marks.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * The route's 200 answers depend only on the URL, the caller's role and project scope, and the portfolio
     * store's content (not on the time, nor on the advisory database): they may be kept until the next write.
     */
    cacheable?: boolean;
  }
  interface FastifyRequest {
    /** The store's change mark read before this request's data, when its answer may be kept. */
    answerMark?: { key: string; mark: string; settle?: () => void };
  }
}

/** How much the cache holds: answers, and their bytes in all. */
export interface AnswerCacheLimits {
  entries: number;
  bytes: number;
}

export const DEFAULT_ANSWER_CACHE: AnswerCacheLimits = { entries: 2000, bytes: 32 * 1024 * 1024 };

/** An answer body larger than this is not kept (a thousand-item page of findings can be megabytes). */
const LARGEST_KEPT = 2 * 1024 * 1024;

interface Kept {
  mark: string;
  body: Buffer;
  contentType: string;
}

/**
 * Keeps the answers of `cacheable` GET routes until the store changes: a dashboard or a script polling the
 * same pages gets them for the price of authentication and the request's change-mark read (shared with
 * concurrent requests, see change-marks.ts) instead of queries and serialisation (a page of 100 projects:
 * 1.76 ms of CPU, measured in bench/server.ts). The mark is read before the data: an answer is kept under a
 * mark no newer than what it shows, so a write landing meanwhile costs a miss, never a stale answer. Keys hold
 * the caller's role and project scope: a scoped key never sees what another scope was answered. Within a
 * process; each instance sharing a database keeps its own and sees every instance's writes.
 */
export function registerAnswerCache(
  app: App,
  changeMark: RequestMark,
  limits: AnswerCacheLimits = DEFAULT_ANSWER_CACHE,
): void {
  const kept = new Map<string, Kept>();
  let bytes = 0;
  const forget = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    kept.delete(key);
    bytes -= entry.body.length;
  };

  // Misses being answered, by key: requests for the same key under the same mark wait for the first one's
  // answer instead of each reading the store (after a write, 50 connections polling a page were 50 reads).
  const answering = new Map<string, { mark: string; answered: Promise<void> }>();
  const keptAnswer = (key: string, mark: string, reply: FastifyReply) => {
    const entry = kept.get(key);
    if (entry?.mark !== mark) return undefined;
    // most recently used last: the eldest are forgotten first
    kept.delete(key);
    kept.set(key, entry);
    return reply.type(entry.contentType).send(entry.body);
  };

  app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== "GET" || !request.routeOptions.config?.cacheable) return;
    const principal = request.principal;
    const key = JSON.stringify([principal?.role ?? "", principal?.projects ?? [], request.url]);
    const mark = await changeMark(request);
    const hit = keptAnswer(key, mark, reply);
    if (hit) return hit;
    const pending = answering.get(key);
    if (pending?.mark === mark) {
      await pending.answered;
      const shared = keptAnswer(key, mark, reply);
      if (shared) return shared;
    }
    request.answerMark = { key, mark };
    if (!pending || pending.mark !== mark) {
      let settle!: () => void;
      const answered = new Promise<void>((resolve) => {
        settle = resolve;
      });
      const mine = { mark, answered };
      answering.set(key, mine);
      request.answerMark.settle = () => {
        settle();
        if (answering.get(key) === mine) answering.delete(key);
      };
    }
  });
  // every way a request ends lets its waiters go (they read the store themselves if nothing was kept)
  const settle = async (request: FastifyRequest) => request.answerMark?.settle?.();
  app.addHook("onResponse", settle);
  app.addHook("onRequestAbort", settle);

  app.addHook("onSend", async (request, reply, payload) => {
    const pending = request.answerMark;
    if (!pending || reply.statusCode !== 200) return payload;
    if (typeof payload !== "string" && !Buffer.isBuffer(payload)) return payload;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    if (body.length > LARGEST_KEPT) return payload;
    forget(pending.key);
    kept.set(pending.key, {
      mark: pending.mark,
      body,
      contentType: String(reply.getHeader("content-type") ?? "application/json"),
    });
    bytes += body.length;
    for (const eldest of kept.keys()) {
      if (kept.size <= limits.entries && bytes <= limits.bytes) break;
      forget(eldest);
    }
    pending.settle?.();
    return body;
  });
}
