import { useEffect, useState } from "preact/hooks";
import { api, type Snapshot, type SnapshotDiff } from "../api";
import { formatDateTime, formatNumber, packageLabel } from "../format";
import { useLoad } from "../hooks";
import { type AppLocation, navigate, withParams } from "../router";
import { ErrorNotice, Loading, TableWrap } from "../ui";
import { FindingCard } from "./project-findings";

const label = (s: Snapshot) =>
  `#${s.id} ${s.version ? `${s.version}, ` : ""}${formatDateTime(s.createdAt)}${s.current ? " (current)" : ""}`;

/** A project's snapshots, newest first, and the difference between two of the same version. */
export function ProjectSnapshots({ name, loc }: { name: string; loc: AppLocation }) {
  const list = useLoad((signal) => api.projects.snapshots(name, { limit: 100 }, signal), [name]);
  const items = list.data?.items ?? [];
  // The pair compared: the URL's, else the newest snapshot against the one before it in the same version.
  const newest = items[0];
  const before = newest && items.find((s) => s.id !== newest.id && s.version === newest.version);
  const from = Number(loc.query.get("from")) || before?.id;
  const to = Number(loc.query.get("to")) || (before ? newest?.id : undefined);
  const [pick, setPick] = useState<{ from?: number; to?: number }>({});
  useEffect(() => setPick({ from, to }), [from, to]);
  return (
    <section aria-labelledby="snapshots-h">
      <h2 id="snapshots-h" class="visually-hidden">
        Snapshots
      </h2>
      {list.error ? <ErrorNotice error={list.error} /> : null}
      {list.data ? (
        <TableWrap label="Snapshots">
          <table>
            <thead>
              <tr>
                <th scope="col">Snapshot</th>
                <th scope="col">Version</th>
                <th scope="col">Uploaded</th>
                <th scope="col">Format</th>
                <th scope="col" class="num">
                  Components
                </th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    #{s.id}
                    {s.current ? " (current)" : ""}
                  </th>
                  <td>{s.version || "—"}</td>
                  <td>{formatDateTime(s.createdAt)}</td>
                  <td>{s.format}</td>
                  <td class="num">{formatNumber(s.componentCount)}</td>
                  <td>{s.uploadedBy ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <Loading />
      )}
      {items.length > 1 ? (
        <form
          class="filters"
          aria-label="Compare snapshots"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(withParams(loc, { from: pick.from, to: pick.to }), { replace: true });
          }}
        >
          {(["from", "to"] as const).map((end) => (
            <div class="field" key={end}>
              <label for={`diff-${end}`}>{end === "from" ? "From" : "To"}</label>
              <select
                id={`diff-${end}`}
                value={pick[end] ?? ""}
                onChange={(e) => setPick({ ...pick, [end]: Number((e.target as HTMLSelectElement).value) })}
              >
                {items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {label(s)}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <button type="submit">Compare</button>
        </form>
      ) : list.data ? (
        <p>One snapshot so far: a later upload can be compared with it.</p>
      ) : null}
      {from && to ? <Diff name={name} from={from} to={to} /> : null}
    </section>
  );
}

function Diff({ name, from, to }: { name: string; from: number; to: number }) {
  const diff = useLoad((signal) => api.projects.diff(name, from, to, signal), [name, from, to]);
  if (diff.error) return <ErrorNotice error={diff.error} />;
  if (!diff.data) return <Loading what="Comparing" />;
  return <DiffView diff={diff.data} project={name} />;
}

function DiffView({ diff, project }: { diff: SnapshotDiff; project: string }) {
  const c = diff.components;
  return (
    <section class="panel diff" aria-labelledby="diff-h">
      <h3 id="diff-h">
        Snapshot #{diff.from.id} → #{diff.to.id}
      </h3>
      <p role="status">
        {formatNumber(c.added.length)} added, {formatNumber(c.removed.length)} removed,{" "}
        {formatNumber(c.changed.length)} changed; {formatNumber(diff.findings.new.length)} new findings,{" "}
        {formatNumber(diff.findings.fixed.length)} fixed.
      </p>
      {c.changed.length ? (
        <>
          <h4>Changed</h4>
          <ul class="plain-list mono">
            {c.changed.slice(0, 500).map((x) => (
              <li key={`${x.ecosystem}/${x.name}`}>
                {x.name} {x.from} → {x.to}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {c.added.length ? (
        <>
          <h4>Added</h4>
          <ul class="plain-list mono">
            {c.added.slice(0, 500).map((x) => (
              <li key={x.purl}>{packageLabel(x.purl)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {c.removed.length ? (
        <>
          <h4>Removed</h4>
          <ul class="plain-list mono">
            {c.removed.slice(0, 500).map((x) => (
              <li key={x.purl}>{packageLabel(x.purl)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.findings.fixed.length ? (
        <>
          <h4>Fixed findings</h4>
          <ul class="findings">
            {diff.findings.fixed.map((f) => (
              <FindingCard key={f.id} finding={f} project={project} />
            ))}
          </ul>
        </>
      ) : null}
      {diff.findings.new.length ? (
        <>
          <h4>New findings</h4>
          <ul class="findings">
            {diff.findings.new.map((f) => (
              <FindingCard key={f.id} finding={f} project={project} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
