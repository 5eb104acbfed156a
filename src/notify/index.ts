/**
 * Notifications: rules over portfolio events, messages for webhooks, Slack, Teams and e-mail, and the
 * notifier that delivers them durably through the outbound policy. See docs/notifications.md.
 */
export { destinationChecker } from "./destinations.js";
export { NotifyError } from "./errors.js";
export {
  type AdvisoryInfo,
  type EventSource,
  type FindingItem,
  type IncidentInfo,
  isNotificationEventType,
  NOTIFICATION_EVENT_TYPES,
  type NotificationEvent,
  type NotificationEventType,
  type NotificationPayload,
  type OutboxEvent,
  type PackageInfo,
  type ProjectLookup,
  type ProjectRef,
  readOutboxEvent,
  type ViolationItem,
} from "./events.js";
export { applyRule, severityAtLeast } from "./matching.js";
export { MemoryEventLog, MemoryNotificationStore } from "./memory-store.js";
export {
  type Clock,
  createNotifier,
  type Notifier,
  type NotifierNotice,
  type NotifierOptions,
  type TickSummary,
  type Timers,
} from "./notifier.js";
export * from "./ports.js";
export {
  DELIVERY_MODES,
  type DeliveryMode,
  type Destination,
  type DestinationType,
  describeDestination,
  describeRule,
  type NewNotificationRule,
  type NotificationRule,
  type PreparedRule,
  prepareRule,
  type RuleContext,
  type RuleFilter,
} from "./rules.js";
export { DEFAULT_DIGEST_TIME, DEFAULT_RETRY_POLICY, type DigestTime, type RetryPolicy } from "./schedule.js";
export {
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  webhookSignatureProblem,
} from "./signature.js";
export { createSmtpSender, type MailSender, type MailToSend, type SmtpSettings } from "./smtp.js";
export { type WebhookBody, type WebhookEvent, webhookBody } from "./webhook-payload.js";
