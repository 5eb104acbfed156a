import { useEffect, useState } from "preact/hooks";
import { api, PROJECT_SORTS, type Project, type ProjectSort } from "../api";
import { formatNumber } from "../format";
import { useLoad } from "../hooks";
import { type AppLocation, navigate, paths, withParams } from "../router";
import { ErrorNotice, Link, Loading, PageFrame, Pager, TableWrap, Time } from "../ui";

const PAGE_SIZE = 50;

const SORT_LABELS: Record<ProjectSort, string> = {
  riskScore: "Risk score",
  openFindings: "Open findings",
  kevFindings: "KEV findings",
  lastUploadAt: "Last upload",
  name: "Name",
  createdAt: "Created",
  updatedAt: "Updated",
};

/**
 * Every project the key may see: search by name, filter by tag, sort, paged by the server's cursors (the
 * page never holds more than one page of projects, whatever the portfolio's size). The URL holds the state.
 */
export function ProjectsPage({ loc }: { loc: AppLocation }) {
  const search = loc.query.get("q") ?? "";
  const tag = loc.query.get("tag") ?? "";
  const sortParam = loc.query.get("sort");
  const sort: ProjectSort = (PROJECT_SORTS as readonly string[]).includes(sortParam ?? "")
    ? (sortParam as ProjectSort)
    : "riskScore";
  const direction =
    loc.query.get("dir") === "asc" ? "asc" : loc.query.get("dir") === "desc" ? "desc" : undefined;
  const cursor = loc.query.get("cursor") ?? undefined;
  // Cursors of the pages before this one, for "Previous" (cursor pagination only knows "next").
  const [previous, setPrevious] = useState<(string | undefined)[]>([]);
  const filterKey = `${search}\u0000${tag}\u0000${sort}\u0000${direction}`;
  useEffect(() => setPrevious([]), [filterKey]);
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);

  const pageKey = `${filterKey}\u0000${cursor ?? ""}`;
  // The answer keeps the key it was asked under: the table says which list it shows (tests and the benchmark
  // wait for it to change).
  const page = useLoad(
    async (signal) => ({
      key: pageKey,
      ...(await api.projects.list(
        { search, tag, sort, ...(direction ? { direction } : {}), limit: PAGE_SIZE, cursor },
        signal,
      )),
    }),
    [pageKey],
  );
  const set = (change: Record<string, string | undefined>) =>
    navigate(withParams(loc, { ...change, cursor: undefined }), { replace: true });

  return (
    <PageFrame name="projects" title="Projects" busy={page.loading}>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter projects">
        <div class="field">
          <label for="project-search">Name contains</label>
          <input
            id="project-search"
            type="search"
            value={text}
            autoComplete="off"
            onInput={(e) => {
              const value = (e.target as HTMLInputElement).value;
              setText(value);
              set({ q: value });
            }}
          />
        </div>
        <div class="field">
          <label for="project-tag">Tag</label>
          <input
            id="project-tag"
            type="search"
            value={tag}
            autoComplete="off"
            onChange={(e) => set({ tag: (e.target as HTMLInputElement).value.trim() })}
          />
        </div>
        <div class="field">
          <label for="project-sort">Sort by</label>
          <select
            id="project-sort"
            value={sort}
            onChange={(e) => set({ sort: (e.target as HTMLSelectElement).value })}
          >
            {PROJECT_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="project-dir">Order</label>
          <select
            id="project-dir"
            value={direction ?? (sort === "name" ? "asc" : "desc")}
            onChange={(e) => set({ dir: (e.target as HTMLSelectElement).value })}
          >
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </div>
        {tag ? (
          <button type="button" class="link-button" onClick={() => set({ tag: undefined })}>
            Clear tag “{tag}”
          </button>
        ) : null}
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.data ? (
        page.data.items.length ? (
          <ProjectTable
            projects={page.data.items}
            label="Projects"
            onTag={(t) => set({ tag: t })}
            pageKey={page.data.key}
          />
        ) : (
          <p role="status">No project matches.</p>
        )
      ) : page.loading ? (
        <Loading />
      ) : null}
      <Pager
        label="Projects pages"
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
    </PageFrame>
  );
}

/** Projects as a table: name, tags, open findings by severity, KEV, risk score, last upload. */
export function ProjectTable(props: {
  projects: Project[];
  label: string;
  compact?: boolean;
  onTag?(tag: string): void;
  pageKey?: string;
}) {
  return (
    <TableWrap label={props.label}>
      <table class="projects" data-page-key={props.pageKey}>
        <thead>
          <tr>
            <th scope="col">Project</th>
            {props.compact ? null : <th scope="col">Tags</th>}
            <th scope="col" class="num">
              Open
            </th>
            <th scope="col" class="num">
              Critical
            </th>
            <th scope="col" class="num">
              High
            </th>
            {props.compact ? null : (
              <>
                <th scope="col" class="num">
                  Medium
                </th>
                <th scope="col" class="num">
                  Low
                </th>
              </>
            )}
            <th scope="col" class="num">
              KEV
            </th>
            <th scope="col" class="num">
              Risk
            </th>
            {props.compact ? null : <th scope="col">Last upload</th>}
          </tr>
        </thead>
        <tbody>
          {props.projects.map((p) => (
            <tr key={p.name}>
              <th scope="row">
                <Link href={paths.project(p.name)}>{p.name}</Link>
              </th>
              {props.compact ? null : (
                <td>
                  {p.tags.map((t) =>
                    props.onTag ? (
                      <button
                        type="button"
                        key={t}
                        class="tag"
                        onClick={() => props.onTag?.(t)}
                        aria-label={`Filter by tag ${t}`}
                      >
                        {t}
                      </button>
                    ) : (
                      <span key={t} class="tag">
                        {t}
                      </span>
                    ),
                  )}
                </td>
              )}
              <td class="num">{formatNumber(p.open.total)}</td>
              <td class={p.open.critical ? "num sev-text-critical" : "num"}>
                {formatNumber(p.open.critical)}
              </td>
              <td class={p.open.high ? "num sev-text-high" : "num"}>{formatNumber(p.open.high)}</td>
              {props.compact ? null : (
                <>
                  <td class="num">{formatNumber(p.open.medium)}</td>
                  <td class="num">{formatNumber(p.open.low)}</td>
                </>
              )}
              <td class={p.open.kev ? "num kev-text" : "num"}>{formatNumber(p.open.kev)}</td>
              <td class="num">{formatNumber(p.riskScore)}</td>
              {props.compact ? null : (
                <td>
                  <Time iso={p.lastUploadAt} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
