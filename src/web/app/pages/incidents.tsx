import { useState } from "preact/hooks";
import {
  ApiError,
  api,
  INCIDENT_PROJECT_STATUSES,
  type IncidentDetail,
  type IncidentProject,
  type IncidentProjectStatus,
} from "../api";
import { LazyLineChart } from "../charts/lazy";
import { formatDateTime, formatNumber, packageLabel, words } from "../format";
import { useLoad } from "../hooks";
import { navigate, paths, useLocation } from "../router";
import { canWrite, useSession } from "../session";
import {
  ErrorNotice,
  KevBadge,
  Link,
  Loading,
  PageFrame,
  Pager,
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
                    <td>{i.owner ?? "—"}</td>
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
        <Pager
          label="Incident pages"
          page={cursors.length}
          hasPrevious={cursors.length > 1}
          hasNext={Boolean(page.data.nextCursor)}
          onPrevious={() => setCursors(cursors.slice(0, -1))}
          onNext={() => setCursors([...cursors, page.data?.nextCursor ?? undefined])}
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
            const incident = await api.incidents.open({
              vulnerability: vulnerability.trim(),
              title: title.trim() || vulnerability.trim(),
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
  const fixed = i.projects.filter((p) => p.status === "fixed").length;
  return (
    <>
      <section class="panel" aria-label="Summary">
        <p class="meta">
          <Link href={paths.vulnerability(i.vulnerability)}>{i.vulnerability}</Link>
          {i.severity ? <SeverityBadge rating={i.severity} /> : null}
          {i.kev ? <KevBadge /> : null}
          <span>Status {i.status}</span>
          <span>Owner {i.owner ?? "—"}</span>
          <span>
            Opened <Time iso={i.openedAt} />
          </span>
        </p>
        <div class="stats">
          <Stat value={formatNumber(i.projects.length)} label="projects in scope" />
          <Stat value={formatNumber(fixed)} label="fixed" tone={fixed === i.projects.length ? "good" : ""} />
          <Stat
            value={formatNumber(i.projects.length - fixed)}
            label="still to fix"
            tone={fixed < i.projects.length ? "bad" : ""}
          />
        </div>
      </section>
      {i.progress.length > 1 ? (
        <section class="panel" aria-labelledby="progress-h">
          <h2 id="progress-h">Progress</h2>
          <LazyLineChart
            label="Share of affected projects fixed"
            at={i.progress.map((p) => p.at)}
            series={[{ label: "Fixed", values: i.progress.map((p) => p.fixedShare * 100), color: "--good" }]}
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
                <th scope="col">Move</th>
                <th scope="col">Status</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {i.projects.map((p) => (
                <tr key={p.project} data-project={p.project}>
                  <th scope="row">
                    <Link href={paths.project(p.project)}>{p.project}</Link>
                  </th>
                  <td class="mono">{p.packages.map((x) => packageLabel(x.purl)).join(", ")}</td>
                  <td>{p.packages.map((x) => x.move ?? x.fixed[0] ?? "—").join(", ")}</td>
                  <td>
                    <ProjectStatus incident={i.id} project={p} onChanged={onChanged} />
                  </td>
                  <td>
                    {p.changedAt ? <Time iso={p.changedAt} /> : "—"} {p.changedBy ? `by ${p.changedBy}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section class="panel" aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        <ol class="timeline">
          {i.timeline.map((t, n) => (
            <li key={n}>
              <time dateTime={t.at}>{formatDateTime(t.at)}</time> {words(t.type)}
              {t.project ? ` — ${t.project}` : ""}
              {t.by ? ` by ${t.by}` : ""}
              {t.detail ? `: ${t.detail}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function ProjectStatus({
  incident,
  project,
  onChanged,
}: {
  incident: string;
  project: IncidentProject;
  onChanged(): void;
}) {
  const session = useSession();
  const [error, setError] = useState<unknown>();
  if (!canWrite(session))
    return <span class={`state-label status-${project.status}`}>{words(project.status)}</span>;
  const id = `status-${project.project.replace(/\W+/g, "-")}`;
  return (
    <>
      <label for={id} class="visually-hidden">
        Status of {project.project}
      </label>
      <select
        id={id}
        value={project.status}
        onChange={async (e) => {
          setError(undefined);
          try {
            await api.incidents.setProjectStatus(incident, project.project, {
              status: (e.target as HTMLSelectElement).value as IncidentProjectStatus,
            });
            onChanged();
          } catch (err) {
            setError(err);
          }
        }}
      >
        {INCIDENT_PROJECT_STATUSES.map((s) => (
          <option key={s} value={s}>
            {words(s)}
          </option>
        ))}
      </select>
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}
