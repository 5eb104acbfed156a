import { useEffect, useState } from "preact/hooks";
import {
  ANALYSIS_STATES,
  ApiError,
  api,
  FINDING_SORTS,
  FINDING_STATES,
  type Finding,
  type FindingSort,
  type FindingStateFilter,
  JUSTIFICATIONS,
  RESPONSES,
  type TriageChange,
} from "../api";
import { formatDateTime, packageLabel, words } from "../format";
import { useLoad } from "../hooks";
import { type AppLocation, navigate, paths, withParams } from "../router";
import { canWrite, useSession } from "../session";
import { ErrorNotice, ExternalLink, KevBadge, Link, Loading, Pager, SeverityBadge, Time } from "../ui";

const PAGE_SIZE = 50;

/** A project's findings, filtered by state and sorted, each with its clock, fix, paths and triage. */
export function ProjectFindings({
  name,
  loc,
  onChanged,
}: {
  name: string;
  loc: AppLocation;
  onChanged(): void;
}) {
  const stateParam = loc.query.get("state") ?? "open";
  const state = (
    (FINDING_STATES as readonly string[]).includes(stateParam) ? stateParam : "open"
  ) as FindingStateFilter;
  const sortParam = loc.query.get("sort") ?? "priority";
  const sort = (
    (FINDING_SORTS as readonly string[]).includes(sortParam) ? sortParam : "priority"
  ) as FindingSort;
  const cursor = loc.query.get("cursor") ?? undefined;
  const [previous, setPrevious] = useState<(string | undefined)[]>([]);
  useEffect(() => setPrevious([]), [state, sort]);
  const [generation, setGeneration] = useState(0);
  const page = useLoad(
    (signal) => api.projects.findings(name, { state, sort, limit: PAGE_SIZE, cursor }, signal),
    [name, state, sort, cursor, generation],
  );
  const set = (change: Record<string, string | undefined>) =>
    navigate(withParams(loc, { ...change, cursor: undefined }), { replace: true });
  return (
    <section aria-labelledby="findings-h" class="findings-section">
      <h2 id="findings-h" class="visually-hidden">
        Findings
      </h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter findings">
        <div class="field">
          <label for="finding-state">State</label>
          <select
            id="finding-state"
            value={state}
            onChange={(e) => set({ state: (e.target as HTMLSelectElement).value })}
          >
            {FINDING_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="finding-sort">Sort by</label>
          <select
            id="finding-sort"
            value={sort}
            onChange={(e) => set({ sort: (e.target as HTMLSelectElement).value })}
          >
            <option value="priority">Priority</option>
            <option value="severity">Severity</option>
            <option value="detectedAt">Newest detected</option>
          </select>
        </div>
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.data ? (
        page.data.items.length ? (
          <ul class="findings" aria-label={`${state} findings`} aria-busy={page.loading}>
            {page.data.items.map((f) => (
              <FindingCard
                key={f.id}
                finding={f}
                project={name}
                onTriaged={() => {
                  setGeneration((g) => g + 1);
                  onChanged();
                }}
              />
            ))}
          </ul>
        ) : (
          <p role="status">No {state === "all" ? "" : `${state} `}findings.</p>
        )
      ) : (
        <Loading />
      )}
      <Pager
        label="Findings pages"
        page={previous.length + 1}
        hasPrevious={previous.length > 0}
        hasNext={Boolean(page.data?.nextCursor)}
        onPrevious={() => {
          const before = previous.at(-1);
          setPrevious(previous.slice(0, -1));
          navigate(withParams(loc, { cursor: before }));
        }}
        onNext={() => {
          setPrevious([...previous, cursor]);
          navigate(withParams(loc, { cursor: page.data?.nextCursor ?? undefined }));
        }}
      />
    </section>
  );
}

/** One finding: what, where, the fix, the clock; details with paths, references and triage. */
export function FindingCard({
  finding: f,
  project,
  onTriaged,
}: {
  finding: Finding;
  project: string;
  onTriaged?(): void;
}) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  return (
    <li class={`finding state-${f.state}`} data-finding={f.id} data-vulnerability={f.vulnerability}>
      <div class="finding-head">
        <SeverityBadge rating={f.severity.rating} score={f.severity.score} />
        <Link href={paths.vulnerability(f.vulnerability)} class="vuln-id">
          {f.vulnerability}
        </Link>
        {f.kev ? <KevBadge /> : null}
        <span class="pkg">{packageLabel(f.purl)}</span>
        <span class={`state-label state-${f.state}`}>{f.state}</span>
      </div>
      <p class="summary">{f.summary || "(no summary)"}</p>
      <dl class="facts">
        <div>
          <dt>Fixed in</dt>
          <dd>{f.fixed.length ? f.fixed.join(", ") : "no fix known"}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{f.priority.toFixed(1)}</dd>
        </div>
        <div>
          <dt>Dependency</dt>
          <dd>
            {f.direct === undefined ? "—" : f.direct ? "direct" : "transitive"}
            {f.scope ? `, ${f.scope}` : ""}
          </dd>
        </div>
        <div>
          <dt>Detected</dt>
          <dd>
            <Time iso={f.detectedAt} />
          </dd>
        </div>
        {f.fixedAt ? (
          <div>
            <dt>Fixed</dt>
            <dd>
              <Time iso={f.fixedAt} />
            </dd>
          </div>
        ) : null}
        {f.slaDueAt && f.state === "open" ? (
          <div>
            <dt>SLA due</dt>
            <dd class={Date.parse(f.slaDueAt) < Date.now() ? "overdue" : ""}>
              <Time iso={f.slaDueAt} />
            </dd>
          </div>
        ) : null}
        {f.project ? (
          <div>
            <dt>Project</dt>
            <dd>
              <Link href={paths.project(f.project)}>{f.project}</Link>
            </dd>
          </div>
        ) : null}
      </dl>
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>Paths, fix{canWrite(session) ? " and triage" : ""}</summary>
        {open ? <FindingDetails finding={f} project={project} onTriaged={onTriaged} /> : null}
      </details>
    </li>
  );
}

function FindingDetails({
  finding: f,
  project,
  onTriaged,
}: {
  finding: Finding;
  project: string;
  onTriaged?(): void;
}) {
  const session = useSession();
  return (
    <div class="finding-details">
      {f.remediation?.advice ? (
        <p>
          <strong>Fix:</strong> {f.remediation.advice}
          {f.remediation.majorUpgrade ? " (a major upgrade)" : ""}
        </p>
      ) : null}
      {f.paths.length ? (
        <>
          <h3>Dependency paths</h3>
          <ol class="paths">
            {f.paths.map((p) => (
              <li key={p.join(">")}>{p.map(packageLabel).join(" → ")}</li>
            ))}
          </ol>
        </>
      ) : null}
      {f.locations.length ? (
        <p>
          <strong>Declared in:</strong>{" "}
          {f.locations.map((l) => `${l.path}${l.line ? `:${l.line}` : ""}`).join(", ")}
        </p>
      ) : null}
      {f.aliases.length ? (
        <p>
          <strong>Also known as:</strong>{" "}
          {f.aliases.map((a, i) => (
            <span key={a}>
              {i ? ", " : ""}
              <Link href={paths.vulnerability(a)}>{a}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {f.references.length ? (
        <>
          <h3>References</h3>
          <ul class="refs">
            {f.references.slice(0, 10).map((r) => (
              <li key={r.url}>
                <ExternalLink url={r.url} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Triage</h3>
      {f.analysis ? (
        <p class="analysis">
          <strong>{words(f.analysis.state)}</strong>
          {f.analysis.justification ? ` (${words(f.analysis.justification)})` : ""} by {f.analysis.by},{" "}
          {formatDateTime(f.analysis.at)}
          {f.analysis.detail ? `: ${f.analysis.detail}` : ""}
        </p>
      ) : (
        <p class="analysis">Not triaged.</p>
      )}
      {canWrite(session) && project ? (
        <TriageForm finding={f} project={project} onTriaged={onTriaged} />
      ) : null}
    </div>
  );
}

/** The triage form of `write` keys: analysis state, justification, responses, comment. */
function TriageForm({
  finding,
  project,
  onTriaged,
}: {
  finding: Finding;
  project: string;
  onTriaged?(): void;
}) {
  const id = `triage-${finding.id}`;
  const [state, setState] = useState<TriageChange["state"]>(
    (finding.analysis?.state as TriageChange["state"] | undefined) ?? "in_triage",
  );
  const [justification, setJustification] = useState(finding.analysis?.justification ?? "");
  const [responses, setResponses] = useState<string[]>(finding.analysis?.responses ?? []);
  const [detail, setDetail] = useState(finding.analysis?.detail ?? "");
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="triage"
      aria-label={`Triage ${finding.vulnerability}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setMessage(undefined);
        try {
          const done = await api.projects.triage(project, finding.id, {
            state,
            ...(justification ? { justification: justification as TriageChange["justification"] } : {}),
            responses: responses as TriageChange["responses"],
            ...(detail.trim() ? { detail: detail.trim() } : {}),
          });
          setMessage({ ok: true, text: `Saved: the finding is now ${done.state}.` });
          onTriaged?.();
        } catch (error) {
          setMessage({
            ok: false,
            text: error instanceof ApiError ? error.message : "The triage was not saved.",
          });
        } finally {
          setBusy(false);
        }
      }}
    >
      <div class="field">
        <label for={`${id}-state`}>Analysis</label>
        <select
          id={`${id}-state`}
          value={state}
          onChange={(e) => setState((e.target as HTMLSelectElement).value as TriageChange["state"])}
        >
          {ANALYSIS_STATES.map((s) => (
            <option key={s} value={s}>
              {words(s)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${id}-just`}>Justification</label>
        <select
          id={`${id}-just`}
          value={justification}
          onChange={(e) => setJustification((e.target as HTMLSelectElement).value)}
        >
          <option value="">(none)</option>
          {JUSTIFICATIONS.map((j) => (
            <option key={j} value={j}>
              {words(j)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="field">
        <legend>Responses</legend>
        {RESPONSES.map((r) => (
          <label key={r} class="check">
            <input
              type="checkbox"
              checked={responses.includes(r)}
              onChange={(e) =>
                setResponses(
                  (e.target as HTMLInputElement).checked
                    ? [...responses, r]
                    : responses.filter((x) => x !== r),
                )
              }
            />{" "}
            {words(r)}
          </label>
        ))}
      </fieldset>
      <div class="field wide">
        <label for={`${id}-detail`}>Comment</label>
        <textarea
          id={`${id}-detail`}
          rows={2}
          maxLength={4000}
          value={detail}
          onInput={(e) => setDetail((e.target as HTMLTextAreaElement).value)}
        />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save triage"}
      </button>
      {message ? (
        <p class={message.ok ? "ok" : "error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
