import type { NotificationEvent } from "./events.js";
import type { DeliveryContent } from "./ports.js";

/** The rule a message was sent for, as receivers see it. */
export interface RuleRef {
  id: string;
  name: string;
}

/** One event in a webhook body. `subject` is what the event is about. */
export interface WebhookEvent {
  id: string;
  type: string;
  occurredAt: string;
  subject: Omit<NotificationEvent, "id" | "sequence" | "type" | "occurredAt">;
}

/** The JSON body of a generic webhook: one event, or a digest of several. */
export type WebhookBody =
  | (WebhookEvent & { rule: RuleRef })
  | {
      id: string;
      type: "digest";
      occurredAt: string;
      rule: RuleRef;
      digest: { mode: "daily" | "weekly"; from: string; to: string; part: number; parts: number };
      events: WebhookEvent[];
    };

/**
 * The stable id of a message: the event id ("evt-42"), or for a digest "digest-<rule>-<due time in ms>-<part>".
 * The same message carries the same id on every attempt, so receivers de-duplicate on it.
 */
export function messageId(ruleId: string, content: DeliveryContent): string {
  return content.kind === "event"
    ? content.event.id
    : `digest-${ruleId}-${Date.parse(content.to)}-${content.part}`;
}

function webhookEvent(event: NotificationEvent): WebhookEvent {
  const { id, sequence: _sequence, type, occurredAt, ...subject } = event;
  return { id, type, occurredAt, subject };
}

/** The generic webhook body of a delivery (all findings listed: receivers are programs). */
export function webhookBody(rule: RuleRef, content: DeliveryContent): WebhookBody {
  const ruleRef = { id: rule.id, name: rule.name };
  if (content.kind === "event") return { ...webhookEvent(content.event), rule: ruleRef };
  return {
    id: messageId(rule.id, content),
    type: "digest",
    occurredAt: content.to,
    rule: ruleRef,
    digest: {
      mode: content.mode,
      from: content.from,
      to: content.to,
      part: content.part,
      parts: content.parts,
    },
    events: content.events.map(webhookEvent),
  };
}
