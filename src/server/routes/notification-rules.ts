import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { SEVERITY_RATINGS } from "../../model/finding.js";
import { NOTIFICATION_EVENT_TYPES } from "../../notify/events.js";
import { ATTEMPT_OUTCOMES, type DestinationState } from "../../notify/ports.js";
import {
  DELIVERY_MODES,
  describeDestination,
  type NotificationRule,
  prepareRule,
} from "../../notify/rules.js";
import { inScope } from "../access.js";
import type { App } from "../app.js";
import type { ServerContext } from "../context.js";
import type { ServerNotifications } from "../notifications.js";
import { notFound } from "../project-access.js";
import { ErrorResponses, Instant, PageOf, PageQuery } from "../schemas.js";

const FilterSchema = Type.Object(
  {
    projects: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 })),
    minSeverity: Type.Optional(Type.Enum([...SEVERITY_RATINGS])),
    kevOnly: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const NewRuleSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    events: Type.Array(Type.Enum([...NOTIFICATION_EVENT_TYPES]), { minItems: 1, maxItems: 20 }),
    filter: Type.Optional(FilterSchema),
    destination: Type.Object(
      {
        type: Type.Enum(["webhook", "slack", "teams", "email"]),
        url: Type.Optional(Type.String({ maxLength: 2000, description: "webhook, slack, teams" })),
        secret: Type.Optional(
          Type.String({
            minLength: 16,
            maxLength: 512,
            description: "webhook: the HMAC key (generated when absent and shown once)",
          }),
        ),
        to: Type.Optional(Type.Array(Type.String({ maxLength: 254 }), { minItems: 1, maxItems: 20 })),
      },
      { additionalProperties: false },
    ),
    delivery: Type.Optional(Type.Enum([...DELIVERY_MODES], { default: "immediate" })),
  },
  { additionalProperties: false },
);

const StateSchema = Type.Object({
  status: Type.Enum(["active", "paused"]),
  reason: Type.Optional(Type.String()),
  pausedAt: Type.Optional(Instant),
  consecutiveFailures: Type.Integer(),
  lastError: Type.Optional(Type.String()),
  lastSuccessAt: Type.Optional(Instant),
  lastFailureAt: Type.Optional(Instant),
});

const RuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  events: Type.Array(Type.String()),
  filter: Type.Object({
    projects: Type.Array(Type.String()),
    tags: Type.Array(Type.String()),
    minSeverity: Type.Optional(Type.String()),
    kevOnly: Type.Boolean(),
  }),
  destination: Type.Object(
    {
      type: Type.String(),
      url: Type.Optional(Type.String({ description: "without credentials: no Slack/Teams path, no query" })),
      to: Type.Optional(Type.Array(Type.String())),
    },
    { description: "never the webhook secret" },
  ),
  delivery: Type.String(),
  scope: Type.Array(Type.String(), { description: "project patterns of the key that created it" }),
  createdBy: Type.Optional(Type.String()),
  createdAt: Instant,
  state: StateSchema,
});

const LogEntrySchema = Type.Object({
  id: Type.Integer(),
  ruleId: Type.String(),
  deliveryId: Type.String(),
  messageId: Type.String(),
  messageType: Type.String(),
  attempt: Type.Integer(),
  startedAt: Instant,
  durationMs: Type.Integer(),
  outcome: Type.Enum([...ATTEMPT_OUTCOMES]),
  status: Type.Optional(Type.Integer()),
  error: Type.Optional(Type.String()),
  nextAttemptAt: Type.Optional(Instant),
});

const IdParams = Type.Object({ id: Type.String({ pattern: "^[1-9][0-9]{0,15}$" }) });

function ruleView(rule: NotificationRule, state: DestinationState) {
  const { ruleId: _ruleId, ...shownState } = state;
  return {
    id: rule.id,
    name: rule.name,
    events: rule.events,
    filter: rule.filter,
    destination: describeDestination(rule.destination) as { type: string; url?: string; to?: string[] },
    delivery: rule.delivery,
    scope: rule.scope,
    ...(rule.createdBy ? { createdBy: rule.createdBy } : {}),
    createdAt: rule.createdAt,
    state: shownState,
  };
}

/**
 * Whether the caller may see a rule: an unscoped key sees every rule; a project-scoped key only rules made
 * within its own patterns (it could not have made the others, and must not learn of them).
 */
function visible(rule: NotificationRule, request: FastifyRequest): boolean {
  const patterns = request.principal?.projects ?? [];
  if (patterns.length === 0) return true;
  return rule.scope.length > 0 && rule.scope.every((p) => patterns.includes(p) || inScope(patterns, p));
}

/**
 * Notification rules (admin): create (the destination checked against the outbound policy now; the rule
 * keeps the creating key's project patterns as its scope), list, read, delete, resume a paused destination,
 * and each rule's delivery log. Secrets are never returned, except a generated webhook secret, once.
 */
export function notificationRuleRoutes(ctx: ServerContext, notifications: ServerNotifications) {
  const { store } = ctx.portfolio;
  const rules = store.notifications;

  async function visibleRule(request: FastifyRequest, id: string): Promise<NotificationRule> {
    const rule = await rules.getRule(id);
    if (!rule || !visible(rule, request)) throw notFound(`no notification rule ${id}`);
    return rule;
  }

  return (app: App) => {
    app.post(
      "/api/v1/notification-rules",
      {
        config: { access: "admin" },
        schema: {
          summary: "Create a notification rule (a generated webhook secret is shown once)",
          body: NewRuleSchema,
          response: {
            201: Type.Intersect([RuleSchema, Type.Object({ generatedSecret: Type.Optional(Type.String()) })]),
            ...ErrorResponses,
          },
        },
      },
      async (request, reply) => {
        const principal = request.principal!;
        const at = ctx.portfolio.clock().toISOString();
        const { rule, generatedSecret } = await prepareRule(request.body, {
          scope: principal.projects,
          createdBy: principal.name,
          at,
          checkDestination: notifications.checkDestination,
        });
        const stored = await store.transaction(async (tx) => {
          const created = await tx.notifications.addRule(rule);
          await tx.audit.append([
            {
              at,
              keyName: principal.name,
              action: "notification-rule.create",
              target: created.id,
              details: {
                name: created.name,
                events: created.events,
                destination: describeDestination(created.destination),
                delivery: created.delivery,
                scope: created.scope,
              },
            },
          ]);
          return created;
        });
        const state = await rules.destinationState(stored.id);
        return reply
          .code(201)
          .send({ ...ruleView(stored, state), ...(generatedSecret ? { generatedSecret } : {}) });
      },
    );

    app.get(
      "/api/v1/notification-rules",
      {
        config: { access: "admin" },
        schema: {
          summary: "Notification rules with their destination's state (paused ones say why)",
          querystring: Type.Object(PageQuery),
          response: { 200: PageOf(RuleSchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const page = await rules.listRules(request.query);
        const items = [];
        for (const rule of page.items.filter((r) => visible(r, request)))
          items.push(ruleView(rule, await rules.destinationState(rule.id)));
        return { items, nextCursor: page.nextCursor };
      },
    );

    app.get(
      "/api/v1/notification-rules/:id",
      {
        config: { access: "admin" },
        schema: {
          summary: "A notification rule, its destination's state and how many messages wait for it",
          params: IdParams,
          response: {
            200: Type.Intersect([
              RuleSchema,
              Type.Object({
                queued: Type.Integer({ description: "messages waiting (at most 1,000 counted)" }),
              }),
            ]),
            ...ErrorResponses,
          },
        },
      },
      async (request) => {
        const rule = await visibleRule(request, request.params.id);
        const state = await rules.destinationState(rule.id);
        const queued = (await rules.listDeliveries(rule.id, { limit: 1000 })).items.length;
        return { ...ruleView(rule, state), queued };
      },
    );

    app.patch(
      "/api/v1/notification-rules/:id",
      {
        config: { access: "admin" },
        schema: {
          summary:
            "Resume a paused destination: its waiting messages are sent at once, with a new retry window",
          params: IdParams,
          body: Type.Object({ status: Type.Literal("active") }, { additionalProperties: false }),
          response: { 200: RuleSchema, ...ErrorResponses },
        },
      },
      async (request) => {
        const rule = await visibleRule(request, request.params.id);
        const at = ctx.portfolio.clock().toISOString();
        const before = await rules.destinationState(rule.id);
        await store.transaction(async (tx) => {
          if (!(await tx.notifications.resumeDestination(rule.id, at)))
            throw notFound(`no notification rule ${rule.id}`);
          await tx.audit.append([
            {
              at,
              keyName: request.principal!.name,
              action: "notification-rule.resume",
              target: rule.id,
              details: { was: before.status, ...(before.reason ? { reason: before.reason } : {}) },
            },
          ]);
        });
        notifications.notifier.wake();
        return ruleView(rule, await rules.destinationState(rule.id));
      },
    );

    app.delete(
      "/api/v1/notification-rules/:id",
      {
        config: { access: "admin" },
        schema: {
          summary: "Delete a notification rule with its waiting messages (its delivery log stays)",
          params: IdParams,
          response: { 204: Type.Null(), ...ErrorResponses },
        },
      },
      async (request, reply) => {
        const rule = await visibleRule(request, request.params.id);
        const at = ctx.portfolio.clock().toISOString();
        await store.transaction(async (tx) => {
          if (!(await tx.notifications.deleteRule(rule.id)))
            throw notFound(`no notification rule ${rule.id}`);
          await tx.audit.append([
            {
              at,
              keyName: request.principal!.name,
              action: "notification-rule.delete",
              target: rule.id,
              details: { name: rule.name },
            },
          ]);
        });
        return reply.code(204).send(null);
      },
    );

    app.get(
      "/api/v1/notification-rules/:id/deliveries",
      {
        config: { access: "admin" },
        schema: {
          summary: "A rule's delivery log, newest attempt first",
          params: IdParams,
          querystring: Type.Object(PageQuery),
          response: { 200: PageOf(LogEntrySchema), ...ErrorResponses },
        },
      },
      async (request) => {
        const rule = await visibleRule(request, request.params.id);
        return rules.deliveryLog(rule.id, request.query);
      },
    );
  };
}
