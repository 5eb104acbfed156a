import { ApiError, api } from "../api";
import { formatNumber } from "../format";
import { useLoad } from "../hooks";
import { type AppLocation, paths } from "../router";
import { ErrorNotice, Link, Loading, OpenCountsRow, PageFrame, Tabs, Time } from "../ui";
import { ProjectComponents } from "./project-components";
import { ProjectFindings } from "./project-findings";
import { ProjectSnapshots } from "./project-snapshots";
import { ProjectViolations } from "./project-violations";

const TABS = [
  { id: "findings", label: "Findings" },
  { id: "components", label: "Components" },
  { id: "snapshots", label: "Snapshots" },
  { id: "violations", label: "Policy" },
];

/** One project: its open findings (with triage), components, snapshots and their differences, VEX. */
export function ProjectPage({ name, loc }: { name: string; loc: AppLocation }) {
  const project = useLoad((signal) => api.projects.get(name, signal), [name]);
  const tab = TABS.some((t) => t.id === loc.query.get("tab")) ? (loc.query.get("tab") as string) : "findings";
  if (project.error instanceof ApiError && project.error.status === 404)
    return (
      <PageFrame name="project" title={name} busy={false}>
        <p role="alert">
          No project named “{name}”, or your key cannot see it. <Link href="/projects">All projects</Link>
        </p>
      </PageFrame>
    );
  const p = project.data;
  return (
    <PageFrame
      name="project"
      title={name}
      busy={project.loading && !p}
      actions={
        <div class="downloads">
          <span>VEX:</span>
          <a
            href={api.projects.vexUrl(name, "openvex")}
            download={`${name.replace(/\W+/g, "-")}.openvex.json`}
          >
            OpenVEX
          </a>
          <a
            href={api.projects.vexUrl(name, "cyclonedx")}
            download={`${name.replace(/\W+/g, "-")}.cdx-vex.json`}
          >
            CycloneDX
          </a>
        </div>
      }
    >
      {project.error ? <ErrorNotice error={project.error} /> : null}
      {p ? (
        <section class="panel project-head" aria-label="Summary">
          {p.description ? <p>{p.description}</p> : null}
          <p class="meta">
            {p.tags.map((t) => (
              <Link key={t} class="tag" href={`/projects?tag=${encodeURIComponent(t)}`}>
                {t}
              </Link>
            ))}
            <span>
              Risk score <strong data-testid="risk">{formatNumber(p.riskScore)}</strong>
            </span>
            <span>
              Open findings <strong data-testid="open-total">{formatNumber(p.open.total)}</strong>
            </span>
            <span>
              Last upload <Time iso={p.lastUploadAt} />
            </span>
          </p>
          <OpenCountsRow open={p.open} />
        </section>
      ) : (
        <Loading />
      )}
      <Tabs
        label="Project views"
        current={tab}
        items={TABS.map((t) => ({ ...t, href: paths.project(name, t.id === "findings" ? undefined : t.id) }))}
      />
      {tab === "findings" ? <ProjectFindings name={name} loc={loc} onChanged={project.reload} /> : null}
      {tab === "components" ? <ProjectComponents name={name} /> : null}
      {tab === "snapshots" ? <ProjectSnapshots name={name} loc={loc} /> : null}
      {tab === "violations" ? <ProjectViolations name={name} /> : null}
    </PageFrame>
  );
}
