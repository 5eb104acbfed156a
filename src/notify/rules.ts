import { randomBytes } from "node:crypto";
import { SEVERITY_RATINGS, type SeverityRating } from "../model/finding.js";
import { NotifyError } from "./errors.js";
import { isNotificationEventType, NOTIFICATION_EVENT_TYPES, type NotificationEventType } from "./events.js";

/** When a rule's messages go out: one per event at once, or gathered into a daily or weekly digest. */
export const DELIVERY_MODES = ["immediate", "daily", "weekly"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** Where a rule's messages go. */
export type Destination =
  /** JSON signed with HMAC-SHA256 of the secret (X-Bulwark-Signature). */
  | { type: "webhook"; url: string; secret: string }
  /** A Slack-compatible incoming webhook (Block Kit). */
  | { type: "slack"; url: string }
  /** A Microsoft Teams workflow webhook (an Adaptive Card in a message). */
  | { type: "teams"; url: string }
  /** E-mail through the server's SMTP relay. */
  | { type: "email"; to: string[] };
export type DestinationType = Destination["type"];

/** Which events of the rule's types it passes on. Empty lists restrict nothing. */
export interface RuleFilter {
  /** Project-name patterns (`team-a/*`: `*` is any run of characters, `/` included). */
  projects: string[];
  /** A project must carry one of these tags. */
  tags: string[];
  /** Findings below this severity are left out ("unknown" ranks below "low"). */
  minSeverity?: SeverityRating;
  /** Only vulnerabilities listed in CISA's KEV catalogue. */
  kevOnly: boolean;
}

/** A rule as stored, before the store gives it an id. */
export interface NewNotificationRule {
  name: string;
  events: NotificationEventType[];
  filter: RuleFilter;
  destination: Destination;
  delivery: DeliveryMode;
  /**
   * The project-name patterns of the API key that created the rule (empty = every project): the rule never
   * sees a project outside them, whatever its filter says.
   */
  scope: string[];
  /** The API key name that created it. */
  createdBy?: string;
  /** Events that occurred before this are not sent by the rule. */
  createdAt: string;
}

/** A stored rule. */
export interface NotificationRule extends NewNotificationRule {
  id: string;
}

/** Who creates a rule, and how its destination is checked. */
export interface RuleContext {
  /** The creating key's project patterns (empty = every project). */
  scope: readonly string[];
  createdBy?: string;
  /** The creation time (ISO 8601). */
  at: string;
  /** Refuses a destination the outbound policy does not allow (see `destinationChecker`). */
  checkDestination(destination: Destination): Promise<void>;
}

/** A validated rule, and the webhook secret when Bulwark generated it (to show once). */
export interface PreparedRule {
  rule: NewNotificationRule;
  generatedSecret?: string;
}

const MAX_PATTERNS = 50;
const MIN_SECRET = 16;
const MAX_RECIPIENTS = 20;
// One address, without a display name: nothing a header could be split or extended with.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

function invalid(field: string, message: string): NotifyError {
  return new NotifyError(`notification rule: ${field} ${message}`, { details: { field } });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requiredText(value: unknown, field: string, max: number): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid(field, "must be a non-empty string");
  if (value.length > max) throw invalid(field, `must be at most ${max} characters`);
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(field, "must not contain control characters");
  return value.trim();
}

function textList(value: unknown, field: string, max: number): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(field, "must be a list of strings");
  if (value.length > max) throw invalid(field, `may hold at most ${max} entries`);
  return [...new Set(value.map((v, i) => requiredText(v, `${field}[${i}]`, 300)))];
}

function readFilter(value: unknown): RuleFilter {
  if (value === undefined) return { projects: [], tags: [], kevOnly: false };
  if (!isObject(value)) throw invalid("filter", "must be an object");
  const known = ["projects", "tags", "minSeverity", "kevOnly"];
  const unknown = Object.keys(value).find((k) => !known.includes(k));
  if (unknown) throw invalid(`filter.${unknown}`, `is not a filter (${known.join(", ")})`);
  const filter: RuleFilter = {
    projects: textList(value.projects, "filter.projects", MAX_PATTERNS),
    tags: textList(value.tags, "filter.tags", MAX_PATTERNS),
    kevOnly: false,
  };
  if (value.minSeverity !== undefined) {
    if (
      typeof value.minSeverity !== "string" ||
      !(SEVERITY_RATINGS as readonly string[]).includes(value.minSeverity)
    )
      throw invalid("filter.minSeverity", `must be one of ${SEVERITY_RATINGS.join(", ")}`);
    filter.minSeverity = value.minSeverity as SeverityRating;
  }
  if (value.kevOnly !== undefined) {
    if (typeof value.kevOnly !== "boolean") throw invalid("filter.kevOnly", "must be true or false");
    filter.kevOnly = value.kevOnly;
  }
  return filter;
}

function readUrl(value: unknown, field: string): string {
  const url = requiredText(value, field, 2000);
  try {
    return new URL(url).href;
  } catch {
    throw invalid(field, "must be an absolute URL");
  }
}

function readDestination(value: unknown): { destination: Destination; generatedSecret?: string } {
  if (!isObject(value)) throw invalid("destination", "must be an object");
  switch (value.type) {
    case "webhook": {
      const url = readUrl(value.url, "destination.url");
      if (value.secret === undefined) {
        // A secret the receiver can verify signatures with; shown once by the API.
        const secret = randomBytes(32).toString("base64url");
        return { destination: { type: "webhook", url, secret }, generatedSecret: secret };
      }
      const secret = requiredText(value.secret, "destination.secret", 512);
      if (secret.length < MIN_SECRET)
        throw invalid("destination.secret", `must be at least ${MIN_SECRET} characters`);
      return { destination: { type: "webhook", url, secret } };
    }
    case "slack":
    case "teams":
      return { destination: { type: value.type, url: readUrl(value.url, "destination.url") } };
    case "email": {
      const list = typeof value.to === "string" ? [value.to] : value.to;
      if (!Array.isArray(list) || list.length === 0)
        throw invalid("destination.to", "must be an e-mail address or a list of them");
      if (list.length > MAX_RECIPIENTS)
        throw invalid("destination.to", `may hold at most ${MAX_RECIPIENTS} addresses`);
      const to = list.map((address, i) => {
        const field = `destination.to[${i}]`;
        const a = requiredText(address, field, 254);
        if (!EMAIL.test(a)) throw invalid(field, "is not an e-mail address (name@example.org)");
        return a;
      });
      return { destination: { type: "email", to: [...new Set(to)] } };
    }
    default:
      throw invalid("destination.type", "must be one of webhook, slack, teams, email");
  }
}

/**
 * Validates a rule as the API receives it (`{name, events, filter, destination, delivery}`) and checks its
 * destination against the outbound policy. Throws USAGE naming the offending field, or NETWORK_REFUSED for
 * a destination the policy refuses (a private or loopback address, by name or by DNS answer). A webhook
 * without a secret gets a generated one, returned as `generatedSecret` to be shown once.
 */
export async function prepareRule(input: unknown, context: RuleContext): Promise<PreparedRule> {
  if (!isObject(input)) throw invalid("body", "must be an object");
  const known = ["name", "events", "filter", "destination", "delivery"];
  const unknown = Object.keys(input).find((k) => !known.includes(k));
  if (unknown) throw invalid(unknown, `is not a rule field (${known.join(", ")})`);
  const name = requiredText(input.name, "name", 200);
  if (!Array.isArray(input.events) || input.events.length === 0)
    throw invalid("events", `must list at least one of ${NOTIFICATION_EVENT_TYPES.join(", ")}`);
  const events = input.events.map((type, i) => {
    if (typeof type !== "string" || !isNotificationEventType(type))
      throw invalid(`events[${i}]`, `must be one of ${NOTIFICATION_EVENT_TYPES.join(", ")}`);
    return type;
  });
  const delivery = input.delivery ?? "immediate";
  if (typeof delivery !== "string" || !(DELIVERY_MODES as readonly string[]).includes(delivery))
    throw invalid("delivery", `must be one of ${DELIVERY_MODES.join(", ")}`);
  const filter = readFilter(input.filter);
  const { destination, generatedSecret } = readDestination(input.destination);
  await context.checkDestination(destination);
  const rule: NewNotificationRule = {
    name,
    events: [...new Set(events)],
    filter,
    destination,
    delivery: delivery as DeliveryMode,
    scope: [...context.scope],
    createdAt: new Date(Date.parse(context.at)).toISOString(),
  };
  if (context.createdBy !== undefined) rule.createdBy = context.createdBy;
  return generatedSecret === undefined ? { rule } : { rule, generatedSecret };
}

/** A destination as the API may show it: no secret, and no token-bearing URL path or query. */
export function describeDestination(destination: Destination): Record<string, unknown> {
  if (destination.type === "email") return { type: "email", to: destination.to };
  const url = new URL(destination.url);
  // Slack and Teams URLs are bearer credentials in their path; webhook URLs may carry tokens in the query.
  const shown =
    destination.type === "webhook"
      ? `${url.origin}${url.pathname}${url.search ? "?…" : ""}`
      : `${url.origin}/…`;
  return { type: destination.type, url: shown };
}

/** A rule as the API may show it (the destination without credentials). */
export function describeRule(rule: NotificationRule): Record<string, unknown> {
  return { ...rule, destination: describeDestination(rule.destination) };
}
