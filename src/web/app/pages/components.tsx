import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { formatNumber } from "../format";
import { useLoad } from "../hooks";
import { type AppLocation, navigate, paths } from "../router";
import { CursorPager, ErrorNotice, KevBadge, Link, Loading, PageFrame, TableWrap, Tabs } from "../ui";

const TABS = [
  { id: "ranking", label: "Audit ranking", href: "/components/ranking" },
  { id: "search", label: "Find a package", href: "/components" },
];

/** Every project that contains a package (a purl, with or without a version). */
export function ComponentsPage({ loc }: { loc: AppLocation }) {
  const purl = loc.query.get("purl") ?? "";
  const [text, setText] = useState(purl);
  useEffect(() => setText(purl), [purl]);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  useEffect(() => setCursors([undefined]), [purl]);
  const cursor = cursors.at(-1);
  const page = useLoad(
    (signal) =>
      purl ? api.componentsByPurl(purl, { limit: 100, cursor }, signal) : Promise.resolve(undefined),
    [purl, cursor],
  );
  return (
    <PageFrame
      name="components"
      title={purl ? `Projects with ${purl}` : "Find a package"}
      busy={page.loading}
    >
      <Tabs label="Component views" items={TABS} current="search" />
      <form
        class="filters"
        aria-label="Find a package"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) navigate(paths.components(text.trim()));
        }}
      >
        <div class="field wide">
          <label for="purl">Package URL (with or without a version)</label>
          <input
            id="purl"
            type="search"
            value={text}
            placeholder="pkg:npm/lodash"
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit">Find</button>
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.data ? (
        page.data.items.length ? (
          <TableWrap label="Projects containing the package">
            <table>
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Version</th>
                  <th scope="col">Dependency</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Project version</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((c) => (
                  <tr key={`${c.project}\u0000${c.projectVersion}\u0000${c.purl}`}>
                    <th scope="row">
                      {c.project ? <Link href={paths.project(c.project)}>{c.project}</Link> : "—"}
                    </th>
                    <td class="mono">{c.version}</td>
                    <td>{c.direct === undefined ? "—" : c.direct ? "direct" : "transitive"}</td>
                    <td>{c.scope}</td>
                    <td>{c.projectVersion || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : (
          <p role="status">No project contains {purl}.</p>
        )
      ) : page.loading && purl ? (
        <Loading />
      ) : null}
      {purl ? (
        <CursorPager
          label="Pages"
          cursors={cursors}
          onChange={setCursors}
          nextCursor={page.data?.nextCursor}
        />
      ) : null}
    </PageFrame>
  );
}

/** The components the portfolio depends on most, with their vulnerabilities: what to audit or fund first. */
export function RankingPage() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = useLoad((signal) => api.ranking({ limit: 50, cursor: cursors.at(-1) }, signal), [cursors]);
  return (
    <PageFrame
      name="ranking"
      title="Audit ranking"
      busy={page.loading}
      actions={
        <div class="downloads">
          <a href={api.rankingCsvUrl()} download="bulwark-ranking.csv">
            CSV
          </a>
        </div>
      }
    >
      <Tabs label="Component views" items={TABS} current="ranking" />
      <p>
        Open-source components ranked by how many projects depend on them (directly counts double), their open
        vulnerabilities and KEV listings, and their criticality and risk scores where `bulwark risk` results
        were uploaded.
      </p>
      {page.error ? <ErrorNotice error={page.error} feature="The audit ranking" /> : null}
      {page.data ? (
        <TableWrap label="Components ranked for audit">
          <table>
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col" class="num">
                  Projects
                </th>
                <th scope="col" class="num">
                  Direct
                </th>
                <th scope="col" class="num">
                  Open vulnerabilities
                </th>
                <th scope="col" class="num">
                  KEV
                </th>
                <th scope="col" class="num">
                  Criticality
                </th>
                <th scope="col" class="num">
                  Risk score
                </th>
                <th scope="col" class="num">
                  Score
                </th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((c) => (
                <tr key={`${c.ecosystem}/${c.name}`}>
                  <th scope="row">
                    <Link href={paths.components(c.purl)}>{c.name}</Link>{" "}
                    <span class="muted">{c.ecosystem}</span>
                  </th>
                  <td class="num">{formatNumber(c.projects)}</td>
                  <td class="num">{formatNumber(c.directProjects)}</td>
                  <td class="num">{formatNumber(c.openVulnerabilities)}</td>
                  <td class="num">
                    {c.kev ? (
                      <>
                        <KevBadge /> {formatNumber(c.kev)}
                      </>
                    ) : (
                      "0"
                    )}
                  </td>
                  <td class="num">{c.criticality === undefined ? "—" : c.criticality.toFixed(2)}</td>
                  <td class="num">{c.riskScore === undefined ? "—" : c.riskScore.toFixed(1)}</td>
                  <td class="num">{c.score.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : page.loading ? (
        <Loading />
      ) : null}
      {page.data ? (
        <CursorPager
          label="Ranking pages"
          cursors={cursors}
          onChange={setCursors}
          nextCursor={page.data.nextCursor}
        />
      ) : null}
    </PageFrame>
  );
}
