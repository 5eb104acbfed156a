import { useState } from "preact/hooks";
import {
  ApiError,
  api,
  INCIDENT_PROJECT_STATUSES,
  type IncidentDetail,
  type IncidentProject,
  type IncidentProjectStatus,
  VEX_JUSTIFICATIONS,
} from "../api";
import { LazyLineChart } from "../charts/lazy";
import { formatDateTime, formatNumber, packageLabel, words } from "../format";
import { useLoad } from "../hooks";
import { navigate, paths, useLocation } from "../router";
import { canWrite, useSession } from "../session";
import {
  CursorPager,
  ErrorNotice,
  KevBadge,
  Link,
  Loading,
  PageFrame,
  SeverityBadge,
  Stat,
  TableWrap,
  Time,
} from "../ui";

/** Incidents: the open and closed ones, and a form to open one (write keys). */
export function IncidentsPage() {
  const session = useSession();
  const loc = useLocation();
  const [status, setStatus] = useState<"open" | "closed">("open");
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = useLoad(
    (signal) => api.incidents.list({ status, limit: 50, cursor: cursors.at(-1) }, signal),
    [status, cursors],
  );
  const missing = page.error instanceof ApiError && page.error.missingRoute;
  return (
    <PageFrame name="incidents" title="Incidents" busy={page.loading}>
      {canWrite(session) && !missing ? (
        <OpenIncident vulnerability={loc.query.get("vulnerability") ?? ""} />
      ) : null}
      <form class="filters" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="incident-status">Status</label>
          <select
            id="incident-status"
            value={status}
            onChange={(e) => {
              setStatus((e.target as HTMLSelectElement).value as "open" | "closed");
              setCursors([undefined]);
            }}
          >
            <option value="open">Open</option>
            <option value="closed">Closed</option>
          </select>
        </div>
      </form>
      {page.error ? <ErrorNotice error={page.error} feature="Incidents" /> : null}
      {page.data ? (
        page.data.items.length ? (
          <TableWrap label="Incidents">
            <table>
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  <th scope="col">Vulnerability</th>
                  <th scope="col">Owner</th>
                  <th scope="col" class="num">
                    Affected
                  </th>
                  <th scope="col" class="num">
                    Fixed
                  </th>
                  <th scope="col">Opened</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      <Link href={paths.incident(i.id)}>{i.title}</Link>
                    </th>
                    <td>
                      <Link href={paths.vulnerability(i.vulnerability)}>{i.vulnerability}</Link>{" "}
                      {i.severity ? <SeverityBadge rating={i.severity} /> : null}{" "}
                      {i.kev ? <KevBadge /> : null}
                    </td>
                    <td>{i.owner || "—"}</td>
                    <td class="num">{formatNumber(i.counts?.affected ?? 0)}</td>
                    <td class="num">{formatNumber(i.counts?.fixed ?? 0)}</td>
                    <td>
                      <Time iso={i.openedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : (
          <p role="status">No {status} incident.</p>
        )
      ) : page.loading ? (
        <Loading />
      ) : null}
      {page.data ? (
        <CursorPager
          label="Incident pages"
          cursors={cursors}
          onChange={setCursors}
          nextCursor={page.data.nextCursor}
        />
      ) : null}
    </PageFrame>
  );
}

function OpenIncident({ vulnerability: initial }: { vulnerability: string }) {
  const [vulnerability, setVulnerability] = useState(initial);
  const [title, setTitle] = useState("");
  const [owner, setOwner] = useState("");
  const [error, setError] = useState<unknown>();
  return (
    <details class="panel" open={Boolean(initial)}>
      <summary>Open an incident</summary>
      <form
        class="filters"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            // without a title the server names the incident after the advisory's summary
            const incident = await api.incidents.open({
              vulnerability: vulnerability.trim(),
              ...(title.trim() ? { title: title.trim() } : {}),
              ...(owner.trim() ? { owner: owner.trim() } : {}),
            });
            navigate(paths.incident(incident.id));
          } catch (err) {
            setError(err);
          }
        }}
      >
        <div class="field">
          <label for="incident-vuln">Vulnerability (any id)</label>
          <input
            id="incident-vuln"
            required
            value={vulnerability}
            onInput={(e) => setVulnerability((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="incident-title">Title</label>
          <input
            id="incident-title"
            value={title}
            onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="incident-owner">Owner</label>
          <input
            id="incident-owner"
            value={owner}
            onInput={(e) => setOwner((e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit">Open incident</button>
      </form>
      {error ? <ErrorNotice error={error} feature="Opening incidents" /> : null}
    </details>
  );
}

/** One incident: per-project status, timeline, progress, report downloads. */
export function IncidentPage({ id }: { id: string }) {
  const incident = useLoad((signal) => api.incidents.get(id, signal), [id]);
  const i = incident.data;
  return (
    <PageFrame
      name="incident"
      title={i?.title ?? `Incident ${id}`}
      busy={incident.loading && !i}
      actions={
        <div class="downloads">
          <span>Report:</span>
          <a href={api.incidents.reportUrl(id, "html")} download={`incident-${id}.html`}>
            HTML
          </a>
          <a href={api.incidents.reportUrl(id, "markdown")} download={`incident-${id}.md`}>
            Markdown
          </a>
        </div>
      }
    >
      {incident.error ? <ErrorNotice error={incident.error} feature="Incidents" /> : null}
      {i ? <IncidentBody incident={i} onChanged={incident.reload} /> : incident.loading ? <Loading /> : null}
    </PageFrame>
  );
}

function IncidentBody({ incident: i, onChanged }: { incident: IncidentDetail; onChanged(): void }) {
  const session = useSession();
  const [error, setError] = useState<unknown>();
  const fixed = i.projects.filter((p) => p.status === "fixed").length;
  const notAffected = i.projects.filter((p) => p.status === "not_affected").length;
  const toFix = i.projects.length - fixed - notAffected;
  const points = i.progress.points;
  return (
    <>
      <section class="panel" aria-label="Summary">
        <p class="meta">
          <Link href={paths.vulnerability(i.vulnerability)}>{i.vulnerability}</Link>
          {i.aliases.length ? <span class="mono">{i.aliases.join(", ")}</span> : null}
          {i.severity ? <SeverityBadge rating={i.severity} /> : null}
          {i.kev ? <KevBadge /> : null}
          <span data-incident-status={i.status}>Status {i.status}</span>
          <span>Owner {i.owner || "—"}</span>
          <span>
            Opened <Time iso={i.openedAt} /> by {i.openedBy}
          </span>
        </p>
        <div class="stats">
          <Stat value={formatNumber(i.projects.length)} label="projects in scope" />
          <Stat value={formatNumber(fixed)} label="fixed" tone={toFix === 0 ? "good" : ""} />
          <Stat value={formatNumber(notAffected)} label="not affected" />
          <Stat value={formatNumber(toFix)} label="still to fix" tone={toFix > 0 ? "bad" : ""} />
          <Stat
            value={i.progress.timeToContainMs !== undefined ? hours(i.progress.timeToContainMs) : "—"}
            label="time to contain"
          />
        </div>
        {canWrite(session) && i.status === "open" ? (
          <p>
            <button
              type="button"
              onClick={async () => {
                setError(undefined);
                try {
                  await api.incidents.close(i.id);
                  onChanged();
                } catch (err) {
                  setError(err);
                }
              }}
            >
              Close incident
            </button>
          </p>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}
      </section>
      {points.length > 1 ? (
        <section class="panel" aria-labelledby="progress-h">
          <h2 id="progress-h">Progress</h2>
          <LazyLineChart
            label="Share of affected projects fixed"
            at={points.map((p) => p.at)}
            series={[{ label: "Fixed", values: points.map((p) => p.fixedShare * 100), color: "--good" }]}
            format={(v) => `${Math.round(v)} %`}
          />
        </section>
      ) : null}
      <section class="panel" aria-labelledby="per-project-h">
        <h2 id="per-project-h">Projects</h2>
        <TableWrap label="Status per project">
          <table>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Packages</th>
                <th scope="col">Fixed in</th>
                <th scope="col">Move</th>
                <th scope="col">Status</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {i.projects.map((p) => (
                <tr key={p.project} data-project={p.project} data-status={p.status}>
                  <th scope="row">
                    <Link href={paths.project(p.project)}>{p.project}</Link>
                    {p.owners.length ? <small> ({p.owners.join(", ")})</small> : null}
                  </th>
                  <td class="mono">
                    {p.packages
                      .map((x) => `${packageLabel(x.purl)}${x.direct === false ? " (transitive)" : ""}`)
                      .join(", ") || "—"}
                  </td>
                  <td>{p.packages.map((x) => x.fixed[0] ?? "no fix").join(", ") || "—"}</td>
                  <td class="mono">
                    {[...new Set(p.packages.flatMap((x) => x.move))].map(packageLabel).join(", ") || "—"}
                  </td>
                  <td>
                    <ProjectStatus
                      incident={i.id}
                      open={i.status === "open"}
                      project={p}
                      onChanged={onChanged}
                    />
                  </td>
                  <td>
                    <Time iso={p.changedAt} /> by {p.changedBy}
                    {p.justification ? ` (${words(p.justification)})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      {i.plan.layers.length ? (
        <section class="panel" aria-labelledby="plan-h">
          <h2 id="plan-h">Patch plan</h2>
          <ol>
            {i.plan.layers.map((layer, n) => (
              <li key={n}>
                {layer.map((p, k) => (
                  <span key={p.project}>
                    {k ? "; " : ""}
                    {p.project}
                    {p.owners.length ? ` (${p.owners.join(", ")})` : ""}
                  </span>
                ))}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section class="panel" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        <ol class="timeline">
          {i.timeline.map((t, n) => (
            <li key={n}>
              <time dateTime={t.at}>{formatDateTime(t.at)}</time> {words(t.type)}
              {t.project ? ` — ${t.project}` : ""}
              {t.status ? ` → ${words(t.status)}` : ""} by {t.by}
              {typeof t.details?.justification === "string" ? `: ${words(t.details.justification)}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function hours(ms: number): string {
  return ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`;
}

function ProjectStatus({
  incident,
  open,
  project,
  onChanged,
}: {
  incident: number;
  open: boolean;
  project: IncidentProject;
  onChanged(): void;
}) {
  const session = useSession();
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState<IncidentProjectStatus | undefined>();
  const [justification, setJustification] = useState<string>(VEX_JUSTIFICATIONS[0]);
  if (!canWrite(session) || !open)
    return <span class={`state-label status-${project.status}`}>{words(project.status)}</span>;
  const id = `status-${project.project.replace(/\W+/g, "-")}`;
  const apply = async (status: IncidentProjectStatus, why?: string) => {
    setError(undefined);
    try {
      await api.incidents.setProjectStatus(incident, project.project, {
        status,
        ...(why ? { justification: why } : {}),
      });
      setPending(undefined);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <label for={id} class="visually-hidden">
        Status of {project.project}
      </label>
      <select
        id={id}
        value={pending ?? project.status}
        onChange={(e) => {
          const status = (e.target as HTMLSelectElement).value as IncidentProjectStatus;
          // not affected needs a VEX justification: ask for it before saving
          if (status === "not_affected") setPending(status);
          else void apply(status);
        }}
      >
        {INCIDENT_PROJECT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {words(s)}
          </option>
        ))}
      </select>
      {pending === "not_affected" ? (
        <>
          <label for={`${id}-why`} class="visually-hidden">
            Justification for {project.project}
          </label>
          <select
            id={`${id}-why`}
            value={justification}
            onChange={(e) => setJustification((e.target as HTMLSelectElement).value)}
          >
            {VEX_JUSTIFICATIONS.map((j) => (
              <option key={j} value={j}>
                {words(j)}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void apply("not_affected", justification)}>
            Save
          </button>
        </>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}
