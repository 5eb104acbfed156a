import type { FastifyBaseLogger } from "fastify";
import { createHttpClient } from "../net/http-client.js";
import type { OutboundPolicy } from "../net/policy.js";
import { destinationChecker } from "../notify/destinations.js";
import { createNotifier, type Notifier, type NotifierNotice } from "../notify/notifier.js";
import type { Destination } from "../notify/rules.js";
import type { RetryPolicy } from "../notify/schedule.js";
import { createSmtpSender, type SmtpSettings } from "../notify/smtp.js";
import type { EventRepository, PortfolioRepositories, PortfolioStore } from "../store/portfolio/ports.js";
import { VERSION } from "../version.js";

/** How the server sends notifications (see docs/notifications.md). */
export interface NotificationSettings {
  /** The outbound policy: `allowPrivate` is `bulwark serve --allow-private-destinations`. */
  policy?: OutboundPolicy;
  /** The SMTP relay of e-mail destinations (none: e-mail rules are refused). */
  smtp?: SmtpSettings;
  /** How often the outbox is read when nothing in this process woke the notifier (default 500 ms). */
  pollIntervalMs?: number;
  /** Retry backoff (tests shorten it). */
  retry?: Partial<RetryPolicy>;
  /** How long a claimed delivery is held (default 60 s). */
  leaseMs?: number;
}

/** The server's notification engine and what its routes need. */
export interface ServerNotifications {
  notifier: Notifier;
  /** Refuses a destination the outbound policy does not allow (rule creation). */
  checkDestination(destination: Destination): Promise<void>;
  /** Whether e-mail destinations can be used. */
  mail: boolean;
}

/** A notice of the notifier, as one structured log line. */
export function logNotice(log: FastifyBaseLogger, notice: NotifierNotice): void {
  switch (notice.kind) {
    case "tick-failed":
      log.error({ err: notice.error }, "notifications: a pass failed; retrying");
      return;
    case "destination-paused":
      log.warn({ notification: notice }, `notifications: destination of rule ${notice.ruleId} paused`);
      return;
    case "delivery-dropped":
      log.warn({ notification: notice }, `notifications: delivery ${notice.deliveryId} dropped`);
      return;
    case "event-unreadable":
      log.warn({ notification: notice }, `notifications: event ${notice.eventId} partly unreadable`);
      return;
  }
}

/**
 * Builds the notifier over the portfolio store: the events outbox it reads, the notification store, the HTTP
 * client (and SMTP sender) bound to the outbound policy, and project tags for the rules' filters. It is not
 * started here: the running server starts it and stops it on close.
 */
export function createServerNotifications(
  store: PortfolioStore,
  settings: NotificationSettings,
  report: (notice: NotifierNotice) => void,
): ServerNotifications {
  const policy = settings.policy ?? {};
  const http = createHttpClient({ policy, userAgent: `Bulwark/${VERSION} notifications` });
  const mail = settings.smtp ? createSmtpSender(settings.smtp, { policy }) : undefined;
  const notifier = createNotifier({
    store: store.notifications,
    events: store.events,
    http,
    ...(mail ? { mail } : {}),
    projects: async (id) => {
      const project = await store.projects.getById(id);
      return project && { name: project.name, tags: project.tags };
    },
    ...(settings.pollIntervalMs !== undefined ? { pollIntervalMs: settings.pollIntervalMs } : {}),
    ...(settings.retry ? { retry: settings.retry } : {}),
    ...(settings.leaseMs !== undefined ? { leaseMs: settings.leaseMs } : {}),
    userAgent: `Bulwark/${VERSION} notifications`,
    onNotice: report,
  });
  return {
    notifier,
    checkDestination: destinationChecker({ policy, mail: mail !== undefined }),
    mail: mail !== undefined,
  };
}

/** An events repository that calls `appended` after it appended something. */
function signallingEvents<E extends EventRepository>(events: E, appended: () => void): E {
  return new Proxy(events, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "append")
        return async (...args: Parameters<EventRepository["append"]>) => {
          const ids = await target.append(...args);
          if (ids.length > 0) appended();
          return ids;
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The store as the server's use-cases see it: appending events — alone, or in a transaction once it has
 * committed — wakes the notifier, so a webhook leaves within milliseconds of an upload or an advisory
 * import instead of at the next poll. Other instances sharing the database find the events by polling.
 */
export function wakingStore(store: PortfolioStore, wake: () => void): PortfolioStore {
  const events = signallingEvents(store.events, wake);
  return new Proxy(store, {
    get(target, prop) {
      if (prop === "events") return events;
      if (prop === "transaction")
        return async <T>(work: (tx: PortfolioRepositories) => Promise<T>): Promise<T> => {
          let appended = false;
          const result = await target.transaction((tx) =>
            work({ ...tx, events: signallingEvents(tx.events, () => (appended = true)) }),
          );
          if (appended) wake();
          return result;
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
