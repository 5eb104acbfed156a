import { api, type DurationStats, type Metrics, SEVERITIES } from "../api";
import { LazyLineChart } from "../charts/lazy";
import { formatDays, formatNumber } from "../format";
import { useLoad } from "../hooks";
import { paths } from "../router";
import {
  ErrorNotice,
  KevBadge,
  Link,
  Loading,
  OpenCountsRow,
  PageFrame,
  SeverityBadge,
  Stat,
  TableWrap,
  Time,
} from "../ui";
import { ProjectTable } from "./projects";

const DAY = 86_400_000;

/**
 * The portfolio at a glance: open findings by severity and KEV, their trend, the patch-response clock (MTTD
 * and MTTR by severity), SLA breaches, the projects most at risk, the advisories hitting the most projects
 * and the open incidents.
 */
export function PortfolioPage() {
  const risky = useLoad((signal) => api.projects.list({ sort: "riskScore", limit: 10 }, signal), []);
  const recent = useLoad((signal) => api.projects.list({ sort: "lastUploadAt", limit: 5 }, signal), []);
  const metrics = useLoad((signal) => api.metrics({}, signal), []);
  const incidents = useLoad((signal) => api.incidents.list({ status: "open", limit: 10 }, signal), []);
  const busy = risky.loading || recent.loading || metrics.loading || incidents.loading;
  return (
    <PageFrame name="portfolio" title="Portfolio" busy={busy}>
      <section class="panel" aria-labelledby="open-h">
        <h2 id="open-h">Open findings</h2>
        {metrics.data ? (
          <OpenFindings metrics={metrics.data} />
        ) : metrics.error ? (
          <ErrorNotice error={metrics.error} feature="Portfolio metrics" />
        ) : (
          <Loading />
        )}
      </section>

      {metrics.data ? <Trend /> : null}

      {metrics.data ? (
        <section class="panel" aria-labelledby="clock-h">
          <h2 id="clock-h">Time to detect and to fix</h2>
          <ClockTable metrics={metrics.data} />
          <p>
            Every finding with its clock:{" "}
            <a href={api.findingsExportUrl({ format: "csv" })} download>
              CSV
            </a>{" "}
            ·{" "}
            <a href={api.findingsExportUrl({ format: "json" })} download>
              JSON
            </a>
          </p>
        </section>
      ) : null}

      <div class="columns">
        <section class="panel" aria-labelledby="risk-h">
          <h2 id="risk-h">Projects most at risk</h2>
          {risky.data ? (
            risky.data.items.length ? (
              <ProjectTable projects={risky.data.items} label="Projects most at risk" compact />
            ) : (
              <p>No projects yet: upload an SBOM or inventory to start.</p>
            )
          ) : risky.error ? (
            <ErrorNotice error={risky.error} />
          ) : (
            <Loading />
          )}
          <p>
            <Link href="/projects?sort=riskScore">All projects by risk</Link>
          </p>
        </section>

        <section class="panel" aria-labelledby="incidents-h">
          <h2 id="incidents-h">Open incidents</h2>
          {incidents.data ? (
            incidents.data.items.length ? (
              <ul class="plain-list">
                {incidents.data.items.map((i) => (
                  <li key={i.id}>
                    <Link href={paths.incident(i.id)}>{i.title}</Link>{" "}
                    <span class="mono">{i.vulnerability}</span>{" "}
                    {i.severity ? <SeverityBadge rating={i.severity} /> : null} {i.kev ? <KevBadge /> : null}{" "}
                    <Time iso={i.openedAt} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>No open incident.</p>
            )
          ) : incidents.error ? (
            <ErrorNotice error={incidents.error} feature="Incidents" />
          ) : (
            <Loading />
          )}
        </section>
      </div>

      <div class="columns">
        {metrics.data?.topAdvisories ? (
          <section class="panel" aria-labelledby="top-h">
            <h2 id="top-h">Advisories hitting the most projects this week</h2>
            {metrics.data.topAdvisories.length === 0 ? (
              <p class="muted">No vulnerability was detected in any project over the last 7 days.</p>
            ) : null}
            <ol class="plain-list">
              {metrics.data.topAdvisories.map((a) => (
                <li key={a.id}>
                  <Link href={paths.vulnerability(a.id)}>{a.id}</Link>{" "}
                  {a.severity ? <SeverityBadge rating={a.severity} /> : null} {formatNumber(a.projects)}{" "}
                  projects
                  {a.summary ? <span class="muted"> — {a.summary}</span> : null}
                </li>
              ))}
            </ol>
          </section>
        ) : null}
        <section class="panel" aria-labelledby="recent-h">
          <h2 id="recent-h">Latest uploads</h2>
          {recent.data ? (
            <ul class="plain-list">
              {recent.data.items.map((p) => (
                <li key={p.name}>
                  <Link href={paths.project(p.name)}>{p.name}</Link> <Time iso={p.lastUploadAt} />
                </li>
              ))}
            </ul>
          ) : recent.error ? (
            <ErrorNotice error={recent.error} />
          ) : (
            <Loading />
          )}
        </section>
      </div>
    </PageFrame>
  );
}

function OpenFindings({ metrics }: { metrics: Metrics }) {
  return (
    <>
      <div class="stats">
        <Stat value={formatNumber(metrics.open.total)} label="open findings" />
        <Stat
          value={formatNumber(metrics.open.kev)}
          label="known exploited (KEV)"
          tone={metrics.open.kev ? "bad" : ""}
        />
        <Stat
          value={formatNumber(metrics.slaBreaches.total)}
          label="past their SLA"
          tone={metrics.slaBreaches.total ? "bad" : ""}
        />
      </div>
      <OpenCountsRow open={metrics.open} />
    </>
  );
}

function stat(s: DurationStats | undefined, key: "median" | "p90") {
  return s && s.count > 0 ? formatDays(s[key]) : "—";
}

function ClockTable({ metrics }: { metrics: Metrics }) {
  return (
    <TableWrap label="Time to detect and to fix by severity">
      <table>
        <caption class="visually-hidden">
          Median and 90th percentile of time to detect and time to fix
        </caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Detect, median</th>
            <th scope="col">Detect, 90th pct.</th>
            <th scope="col">Fix, median</th>
            <th scope="col">Fix, 90th pct.</th>
            <th scope="col">Open age, median</th>
            <th scope="col">SLA breaches</th>
          </tr>
        </thead>
        <tbody>
          {SEVERITIES.map((s) => (
            <tr key={s}>
              <th scope="row">
                <SeverityBadge rating={s} />
              </th>
              <td class="num">{stat(metrics.mttd[s], "median")}</td>
              <td class="num">{stat(metrics.mttd[s], "p90")}</td>
              <td class="num">{stat(metrics.mttr[s], "median")}</td>
              <td class="num">{stat(metrics.mttr[s], "p90")}</td>
              <td class="num">{stat(metrics.age[s], "median")}</td>
              <td class="num">{formatNumber(metrics.slaBreaches[s] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Open findings over the last 90 days, by severity (the chart is loaded on demand). */
function Trend() {
  const history = useLoad((signal) => {
    const to = new Date();
    const from = new Date(to.getTime() - 90 * DAY);
    return api.metricsHistory({ from: from.toISOString(), to: to.toISOString(), interval: "day" }, signal);
  }, []);
  return (
    <section class="panel" aria-labelledby="trend-h">
      <h2 id="trend-h">Trend: open findings, last 90 days</h2>
      {history.data ? (
        <LazyLineChart
          label="Open findings per day"
          at={history.data.items.map((p) => p.at)}
          series={[
            { label: "Critical", values: history.data.items.map((p) => p.critical), color: "--c-critical" },
            { label: "High", values: history.data.items.map((p) => p.high), color: "--c-high" },
            { label: "Medium", values: history.data.items.map((p) => p.medium), color: "--c-medium" },
            { label: "Low", values: history.data.items.map((p) => p.low), color: "--c-low" },
            { label: "KEV", values: history.data.items.map((p) => p.kev), color: "--c-kev" },
            { label: "Past SLA", values: history.data.items.map((p) => p.breached), color: "--c-critical" },
          ]}
          format={(v) => formatNumber(Math.round(v))}
        />
      ) : history.error ? (
        <ErrorNotice error={history.error} feature="The findings history" />
      ) : (
        <Loading />
      )}
    </section>
  );
}
