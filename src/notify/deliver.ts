import { BulwarkError, hasCode, reasonOf } from "../model/errors.js";
import type { HttpClient } from "../net/index.js";
import { EMAIL_MAX_LINES, emailContent } from "./email-message.js";
import { contentView } from "./message-view.js";
import type { Delivery } from "./ports.js";
import type { NotificationRule } from "./rules.js";
import { signatureHeaders } from "./signature.js";
import { SLACK_MAX_LINES, slackMessage } from "./slack-payload.js";
import type { MailSender } from "./smtp.js";
import { TEAMS_MAX_LINES, teamsMessage } from "./teams-payload.js";
import { messageId, webhookBody } from "./webhook-payload.js";

/** What sending needs. */
export interface DeliverContext {
  /** The HTTP client built with the outbound policy (src/net). */
  http: HttpClient;
  /** The SMTP sender, when the server has a relay configured. */
  mail?: MailSender;
  nowMs: number;
  /** Per request (default 10 s). */
  timeoutMs: number;
  userAgent: string;
}

/**
 * How an attempt went. `failure` says what a failure means: `transient` (retry later), `message` (the
 * destination refused this message: drop it), `destination` (the destination cannot be used as configured:
 * pause it).
 */
export interface SendResult {
  ok: boolean;
  status?: number;
  error?: string;
  failure?: "transient" | "message" | "destination";
  /** The destination asked to wait this long (Retry-After). */
  retryAfterMs?: number;
}

/** Most bytes of an answer read (for the log); the rest is discarded. */
const ANSWER_LIMIT = 16 * 1024;

/** HTTP statuses that mean the destination itself is wrong (gone, not found, not authorised). */
const DESTINATION_STATUSES = new Set([401, 403, 404, 405, 410]);
/** Client errors that are worth retrying. */
const TRANSIENT_CLIENT_STATUSES = new Set([408, 425, 429]);

function retryAfter(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Reads the start of an answer for the log, and discards the rest. */
async function answerText(body: AsyncIterable<unknown> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= ANSWER_LIMIT) break;
    }
  } catch {
    // An answer cut short tells nothing more: the status decides.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, 300).replace(/\s+/g, " ").trim();
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  ctx: DeliverContext,
): Promise<SendResult> {
  let answer: Awaited<ReturnType<HttpClient["request"]>>;
  try {
    answer = await ctx.http.request(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": ctx.userAgent, ...headers },
      body,
      timeoutMs: ctx.timeoutMs,
      // A webhook that redirects is misconfigured; following it would re-send the signed body elsewhere.
      maxRedirects: 0,
    });
  } catch (error) {
    if (hasCode(error, "NETWORK_REFUSED"))
      return { ok: false, error: reasonOf(error), failure: "destination" };
    const status = error instanceof BulwarkError ? Number(error.details.status) : Number.NaN;
    if (status >= 300 && status < 400)
      return { ok: false, status, error: reasonOf(error), failure: "destination" };
    return { ok: false, error: reasonOf(error), failure: "transient" };
  }
  const { status } = answer;
  const text = await answerText(answer.body);
  if (status >= 200 && status < 300) return { ok: true, status };
  const error = `HTTP ${status}${text ? `: ${text}` : ""}`;
  if (status >= 500 || TRANSIENT_CLIENT_STATUSES.has(status))
    return {
      ok: false,
      status,
      error,
      failure: "transient",
      retryAfterMs: retryAfter(answer.headers["retry-after"], ctx.nowMs),
    };
  if (DESTINATION_STATUSES.has(status)) return { ok: false, status, error, failure: "destination" };
  return { ok: false, status, error, failure: "message" };
}

/** What a failed SMTP send means: reply codes 5xx refuse (authentication: the relay is misconfigured), 4xx and connection errors pass. */
function mailFailure(error: unknown): SendResult {
  if (hasCode(error, "NETWORK_REFUSED")) return { ok: false, error: reasonOf(error), failure: "destination" };
  const code = (error as { responseCode?: unknown }).responseCode;
  const status = typeof code === "number" ? code : undefined;
  const message = reasonOf(error).replace(/\s+/g, " ").slice(0, 300);
  if (status !== undefined && status >= 500) {
    const auth =
      status === 530 || status === 534 || status === 535 || (error as { code?: unknown }).code === "EAUTH";
    return { ok: false, status, error: message, failure: auth ? "destination" : "message" };
  }
  if ((error as { code?: unknown }).code === "EAUTH")
    return { ok: false, status, error: message, failure: "destination" };
  return { ok: false, status, error: message, failure: "transient" };
}

/**
 * Sends one delivery to its rule's destination: a signed JSON webhook, a Slack or Teams incoming-webhook
 * payload, or an e-mail. Never throws: every outcome is a SendResult.
 */
export async function sendDelivery(
  rule: NotificationRule,
  delivery: Delivery,
  ctx: DeliverContext,
): Promise<SendResult> {
  const id = messageId(rule.id, delivery.content);
  const type = delivery.content.kind === "event" ? delivery.content.event.type : "digest";
  const common = { "x-bulwark-event": type, "x-bulwark-event-id": id, "x-bulwark-delivery": delivery.id };
  try {
    const destination = rule.destination;
    switch (destination.type) {
      case "webhook": {
        const body = JSON.stringify(webhookBody(rule, delivery.content));
        return await post(
          destination.url,
          body,
          { ...common, ...signatureHeaders(destination.secret, ctx.nowMs, body) },
          ctx,
        );
      }
      case "slack":
        return await post(
          destination.url,
          JSON.stringify(slackMessage(contentView(delivery.content, SLACK_MAX_LINES))),
          common,
          ctx,
        );
      case "teams":
        return await post(
          destination.url,
          JSON.stringify(teamsMessage(contentView(delivery.content, TEAMS_MAX_LINES))),
          common,
          ctx,
        );
      case "email": {
        if (!ctx.mail)
          return {
            ok: false,
            error: "no SMTP relay is configured for e-mail notifications",
            failure: "destination",
          };
        const content = emailContent(contentView(delivery.content, EMAIL_MAX_LINES));
        try {
          await ctx.mail.send({
            to: destination.to,
            ...content,
            messageId: `<${id}.${rule.id}@bulwark.notifications>`,
            headers: { "X-Bulwark-Event": type, "X-Bulwark-Event-Id": id },
          });
          return { ok: true, status: 250 };
        } catch (error) {
          return mailFailure(error);
        }
      }
    }
  } catch (error) {
    // A bug or an unexpected failure while building the message: retried, and visible in the log.
    return { ok: false, error: `could not send: ${reasonOf(error)}`, failure: "transient" };
  }
}
