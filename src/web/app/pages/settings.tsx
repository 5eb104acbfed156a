import { useState } from "preact/hooks";
import {
  type ApiKey,
  api,
  type NewNotificationRule,
  NOTIFICATION_EVENTS,
  type NotificationRule,
  type Role,
} from "../api";
import { formatDateTime, formatDays, words } from "../format";
import { useLoad } from "../hooks";
import type { AppLocation } from "../router";
import { CursorPager, ErrorNotice, Loading, PageFrame, TableWrap, Tabs, Time } from "../ui";

const TABS = [
  { id: "keys", label: "API keys" },
  { id: "audit", label: "Audit log" },
  { id: "notifications", label: "Notifications" },
  { id: "sla", label: "SLA policy" },
];

/** Administration: API keys, the audit log, notification rules and their deliveries, the SLA policy. */
export function SettingsPage({ loc }: { loc: AppLocation }) {
  const tab = TABS.some((t) => t.id === loc.query.get("tab")) ? (loc.query.get("tab") as string) : "keys";
  return (
    <PageFrame name={`settings-${tab}`} title="Settings" busy={false}>
      <Tabs
        label="Settings"
        current={tab}
        items={TABS.map((t) => ({ ...t, href: t.id === "keys" ? "/settings" : `/settings?tab=${t.id}` }))}
      />
      {tab === "keys" ? <Keys /> : null}
      {tab === "audit" ? <Audit /> : null}
      {tab === "notifications" ? <Notifications /> : null}
      {tab === "sla" ? <Sla /> : null}
    </PageFrame>
  );
}

function Keys() {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const keys = useLoad((signal) => api.keys.list({ limit: 1000, includeRevoked }, signal), [includeRevoked]);
  return (
    <section aria-labelledby="keys-h">
      <h2 id="keys-h">API keys</h2>
      <NewKey onCreated={keys.reload} />
      <div class="field check-row">
        <label class="check">
          <input
            type="checkbox"
            checked={includeRevoked}
            onChange={(e) => setIncludeRevoked((e.target as HTMLInputElement).checked)}
          />{" "}
          Show revoked keys
        </label>
      </div>
      {keys.error ? <ErrorNotice error={keys.error} /> : null}
      {keys.data ? (
        <TableWrap label="API keys">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Projects</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((k) => (
                <KeyRow key={k.id} apiKey={k} onRevoked={keys.reload} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <Loading />
      )}
    </section>
  );
}

function KeyRow({ apiKey: k, onRevoked }: { apiKey: ApiKey; onRevoked(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <tr>
      <th scope="row">{k.name}</th>
      <td>{k.role}</td>
      <td>{k.projects.length ? k.projects.join(", ") : "all"}</td>
      <td>
        {formatDateTime(k.createdAt)} {k.createdBy ? `by ${k.createdBy}` : ""}
      </td>
      <td>
        <Time iso={k.lastUsedAt} />
      </td>
      <td>
        {k.revokedAt ? (
          `revoked ${formatDateTime(k.revokedAt)}`
        ) : confirming ? (
          <>
            <button
              type="button"
              class="danger"
              onClick={async () => {
                try {
                  await api.keys.revoke(k.id);
                  onRevoked();
                } catch (err) {
                  setError(err);
                }
              }}
            >
              Confirm: revoke {k.name}
            </button>{" "}
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Revoke
          </button>
        )}
        {error ? <ErrorNotice error={error} /> : null}
      </td>
    </tr>
  );
}

function NewKey({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("read");
  const [projects, setProjects] = useState("");
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [error, setError] = useState<unknown>();
  return (
    <details class="panel">
      <summary>Create a key</summary>
      <form
        class="filters"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            const patterns = projects
              .split(/[\s,]+/)
              .map((p) => p.trim())
              .filter(Boolean);
            const answer = await api.keys.create({
              name: name.trim(),
              role,
              ...(patterns.length ? { projects: patterns } : {}),
            });
            setCreated({ name: answer.name, key: answer.key });
            setName("");
            setProjects("");
            onCreated();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <div class="field">
          <label for="key-name">Name</label>
          <input
            id="key-name"
            required
            maxLength={100}
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="key-role">Role</label>
          <select
            id="key-role"
            value={role}
            onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}
          >
            <option value="read">read</option>
            <option value="write">write</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <div class="field wide">
          <label for="key-projects">Project patterns (optional, e.g. team-a/*)</label>
          <input
            id="key-projects"
            value={projects}
            onInput={(e) => setProjects((e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit">Create key</button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {created ? (
        <div class="notice" role="status">
          <p>The key “{created.name}” is shown once; copy it now:</p>
          <output class="secret mono">{created.key}</output>
        </div>
      ) : null}
    </details>
  );
}

function Audit() {
  const [action, setAction] = useState("");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = useLoad(
    (signal) => api.audit({ limit: 50, action, cursor: cursors.at(-1) }, signal),
    [action, cursors],
  );
  return (
    <section aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      <form class="filters" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="audit-action">Action</label>
          <select
            id="audit-action"
            value={action}
            onChange={(e) => {
              setAction((e.target as HTMLSelectElement).value);
              setCursors([undefined]);
            }}
          >
            <option value="">Every action</option>
            {[
              "upload",
              "analysis.update",
              "project.update",
              "project.delete",
              "key.create",
              "key.revoke",
              "session.create",
              "advisories.import",
            ].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.data ? (
        <TableWrap label="Audit log">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.keyName}</td>
                  <td>{e.action}</td>
                  <td>{e.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <Loading />
      )}
      {page.data ? (
        <CursorPager
          label="Audit pages"
          cursors={cursors}
          onChange={setCursors}
          nextCursor={page.data.nextCursor}
        />
      ) : null}
    </section>
  );
}

function Notifications() {
  const rules = useLoad((signal) => api.notificationRules.list({ limit: 100 }, signal), []);
  return (
    <section aria-labelledby="rules-h">
      <h2 id="rules-h">Notification rules</h2>
      <NewRule onCreated={rules.reload} />
      {rules.error ? <ErrorNotice error={rules.error} feature="Notification rules" /> : null}
      {rules.data ? (
        rules.data.items.length ? (
          rules.data.items.map((r) => <Rule key={r.id} rule={r} onChanged={rules.reload} />)
        ) : (
          <p>No notification rule.</p>
        )
      ) : rules.loading ? (
        <Loading />
      ) : null}
    </section>
  );
}

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);

function NewRule({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState("");
  const [events, setEvents] = useState<string[]>(["finding.new"]);
  const [type, setType] = useState<NewNotificationRule["destination"]["type"]>("webhook");
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState("");
  const [to, setTo] = useState("");
  const [delivery, setDelivery] = useState<"immediate" | "daily" | "weekly">("immediate");
  const [projects, setProjects] = useState("");
  const [minSeverity, setMinSeverity] = useState("");
  const [kevOnly, setKevOnly] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret?: string }>();
  const [error, setError] = useState<unknown>();
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <details class="panel">
      <summary>Create a rule</summary>
      <form
        class="filters"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            const destination: NewNotificationRule["destination"] =
              type === "email"
                ? { type, to: list(to) }
                : type === "webhook"
                  ? { type, url: url.trim(), ...(secret ? { secret } : {}) }
                  : { type, url: url.trim() };
            const answer = await api.notificationRules.create({
              name: name.trim(),
              events,
              filter: {
                projects: list(projects),
                ...(minSeverity ? { minSeverity } : {}),
                kevOnly,
              },
              destination,
              delivery,
            });
            setCreated({ name: answer.name, secret: answer.generatedSecret });
            setName("");
            setSecret("");
            onCreated();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <div class="field">
          <label for="rule-name">Name</label>
          <input id="rule-name" required maxLength={200} value={name} onInput={(e) => setName(value(e))} />
        </div>
        <fieldset class="field wide">
          <legend>Events</legend>
          {NOTIFICATION_EVENTS.map((ev) => (
            <label class="check" key={ev}>
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) =>
                  setEvents(
                    (e.target as HTMLInputElement).checked ? [...events, ev] : events.filter((x) => x !== ev),
                  )
                }
              />{" "}
              {ev}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="rule-type">Destination</label>
          <select id="rule-type" value={type} onChange={(e) => setType(value(e) as typeof type)}>
            <option value="webhook">Signed webhook</option>
            <option value="slack">Slack</option>
            <option value="teams">Microsoft Teams</option>
            <option value="email">E-mail</option>
          </select>
        </div>
        {type === "email" ? (
          <div class="field wide">
            <label for="rule-to">Addresses</label>
            <input id="rule-to" required value={to} onInput={(e) => setTo(value(e))} />
          </div>
        ) : (
          <div class="field wide">
            <label for="rule-url">URL</label>
            <input id="rule-url" type="url" required value={url} onInput={(e) => setUrl(value(e))} />
          </div>
        )}
        {type === "webhook" ? (
          <div class="field">
            <label for="rule-secret">Secret (optional: generated)</label>
            <input
              id="rule-secret"
              type="password"
              minLength={16}
              autoComplete="off"
              value={secret}
              onInput={(e) => setSecret(value(e))}
            />
          </div>
        ) : null}
        <div class="field">
          <label for="rule-delivery">Delivery</label>
          <select
            id="rule-delivery"
            value={delivery}
            onChange={(e) => setDelivery(value(e) as typeof delivery)}
          >
            <option value="immediate">At once</option>
            <option value="daily">Daily digest</option>
            <option value="weekly">Weekly digest</option>
          </select>
        </div>
        <div class="field wide">
          <label for="rule-projects">Project patterns (optional, e.g. team-a/*)</label>
          <input id="rule-projects" value={projects} onInput={(e) => setProjects(value(e))} />
        </div>
        <div class="field">
          <label for="rule-severity">Lowest severity</label>
          <select id="rule-severity" value={minSeverity} onChange={(e) => setMinSeverity(value(e))}>
            <option value="">Any</option>
            {["critical", "high", "medium", "low"].map((sv) => (
              <option key={sv} value={sv}>
                {sv}
              </option>
            ))}
          </select>
        </div>
        <div class="field check-row">
          <label class="check">
            <input
              type="checkbox"
              checked={kevOnly}
              onChange={(e) => setKevOnly((e.target as HTMLInputElement).checked)}
            />{" "}
            Known exploited only
          </label>
        </div>
        <button type="submit" disabled={events.length === 0}>
          Create rule
        </button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {created ? (
        <div class="notice" role="status">
          <p>The rule “{created.name}” was created.</p>
          {created.secret ? (
            <>
              <p>Its webhook secret is shown once; copy it now to verify signatures:</p>
              <output class="secret mono">{created.secret}</output>
            </>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}

function Rule({ rule, onChanged }: { rule: NotificationRule; onChanged(): void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const act = (work: () => Promise<unknown>) => async () => {
    setError(undefined);
    try {
      await work();
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const where = rule.destination.url ?? rule.destination.to?.join(", ") ?? "";
  return (
    <details class="panel" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        {rule.name} — {rule.destination.type}, {rule.events.join(", ")}
        {rule.state.status === "paused" ? " (paused)" : ""}
      </summary>
      <dl class="facts">
        <div>
          <dt>Sends to</dt>
          <dd class="mono">{where}</dd>
        </div>
        <div>
          <dt>Delivery</dt>
          <dd>{rule.delivery}</dd>
        </div>
        <div>
          <dt>Projects</dt>
          <dd>
            {rule.filter.projects.length ? rule.filter.projects.join(", ") : "all"}
            {rule.scope.length ? ` (within ${rule.scope.join(", ")})` : ""}
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            {formatDateTime(rule.createdAt)} {rule.createdBy ? `by ${rule.createdBy}` : ""}
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            {rule.state.status === "paused"
              ? `paused ${rule.state.pausedAt ? formatDateTime(rule.state.pausedAt) : ""}: ${rule.state.reason ?? ""}`
              : rule.state.consecutiveFailures
                ? `failing (${rule.state.consecutiveFailures}): ${rule.state.lastError ?? ""}`
                : "active"}
          </dd>
        </div>
      </dl>
      {rule.state.status === "paused" ? (
        <button type="button" onClick={act(() => api.notificationRules.resume(rule.id))}>
          Resume
        </button>
      ) : null}{" "}
      {confirming ? (
        <>
          <button type="button" class="danger" onClick={act(() => api.notificationRules.remove(rule.id))}>
            Confirm: delete {rule.name}
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Delete
        </button>
      )}
      {error ? <ErrorNotice error={error} /> : null}
      {open ? <Deliveries rule={rule.id} /> : null}
    </details>
  );
}

function Deliveries({ rule }: { rule: string }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const log = useLoad(
    (signal) => api.notificationRules.deliveries(rule, { limit: 50, cursor: cursors.at(-1) }, signal),
    [rule, cursors],
  );
  if (log.error) return <ErrorNotice error={log.error} feature="The delivery log" />;
  if (!log.data) return <Loading />;
  if (!log.data.items.length && cursors.length === 1) return <p>Nothing sent yet.</p>;
  return (
    <>
      <TableWrap label="Delivery log">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Message</th>
              <th scope="col">Attempt</th>
              <th scope="col">Outcome</th>
              <th scope="col">Answer</th>
              <th scope="col">Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((d) => (
              <tr key={d.id}>
                <td>{formatDateTime(d.startedAt)}</td>
                <td>
                  {d.messageType} <span class="mono">{d.messageId}</span>
                </td>
                <td class="num">{d.attempt}</td>
                <td>{words(d.outcome)}</td>
                <td>{[d.status, d.error].filter((x) => x !== undefined).join(" ") || "—"}</td>
                <td>
                  <Time iso={d.nextAttemptAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <CursorPager
        label="Delivery log pages"
        cursors={cursors}
        onChange={setCursors}
        nextCursor={log.data.nextCursor}
      />
    </>
  );
}

function Sla() {
  const sla = useLoad((signal) => api.sla(signal), []);
  return (
    <section aria-labelledby="sla-h">
      <h2 id="sla-h">SLA policy</h2>
      <p>
        Days from detection by which a finding must be fixed; a KEV-listed finding gets the KEV deadline
        whatever its severity. Set in the server's <code>bulwark.toml</code> under <code>[server.sla]</code>.
      </p>
      {sla.error ? <ErrorNotice error={sla.error} feature="The SLA policy" /> : null}
      {sla.data ? (
        <dl class="facts">
          {(["kev", "critical", "high", "medium", "low", "unknown"] as const).map((k) => (
            <div key={k}>
              <dt>{k === "kev" ? "KEV-listed" : k === "unknown" ? "unknown severity" : k}</dt>
              <dd>{formatDays(sla.data?.[k])}</dd>
            </div>
          ))}
        </dl>
      ) : sla.loading ? (
        <Loading />
      ) : null}
    </section>
  );
}
