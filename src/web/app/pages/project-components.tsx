import { useMemo, useState } from "preact/hooks";
import { api, type Component } from "../api";
import { formatNumber } from "../format";
import { useLoad } from "../hooks";
import { paths } from "../router";
import { ErrorNotice, Link, Loading, TableWrap } from "../ui";

/** Components read at most (pages of 1,000); a larger project shows this many, and says so. */
const MAX_COMPONENTS = 20_000;
const SHOWN_STEP = 200;

async function allComponents(
  name: string,
  signal: AbortSignal,
): Promise<{ items: Component[]; complete: boolean }> {
  const items: Component[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await api.projects.components(name, { limit: 1000, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < MAX_COMPONENTS);
  return { items, complete: !cursor };
}

/** A project's current components: search by name or purl, direct or transitive, licence. */
export function ProjectComponents({ name }: { name: string }) {
  const loaded = useLoad((signal) => allComponents(name, signal), [name]);
  const [text, setText] = useState("");
  const [kind, setKind] = useState<"all" | "direct" | "transitive">("all");
  const [licence, setLicence] = useState("");
  const [shown, setShown] = useState(SHOWN_STEP);
  const matching = useMemo(() => {
    const q = text.trim().toLowerCase();
    const l = licence.trim().toLowerCase();
    return (loaded.data?.items ?? []).filter(
      (c) =>
        (!q || c.purl.toLowerCase().includes(q) || c.name.toLowerCase().includes(q)) &&
        (kind === "all" || (kind === "direct" ? c.direct === true : c.direct === false)) &&
        (!l || c.licenses.some((x) => x.toLowerCase().includes(l))),
    );
  }, [loaded.data, text, kind, licence]);
  return (
    <section aria-labelledby="components-h">
      <h2 id="components-h" class="visually-hidden">
        Components
      </h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter components">
        <div class="field">
          <label for="component-search">Name or purl contains</label>
          <input
            id="component-search"
            type="search"
            value={text}
            onInput={(e) => {
              setText((e.target as HTMLInputElement).value);
              setShown(SHOWN_STEP);
            }}
          />
        </div>
        <div class="field">
          <label for="component-kind">Dependency</label>
          <select
            id="component-kind"
            value={kind}
            onChange={(e) => setKind((e.target as HTMLSelectElement).value as typeof kind)}
          >
            <option value="all">All</option>
            <option value="direct">Direct</option>
            <option value="transitive">Transitive</option>
          </select>
        </div>
        <div class="field">
          <label for="component-licence">Licence contains</label>
          <input
            id="component-licence"
            type="search"
            value={licence}
            onInput={(e) => setLicence((e.target as HTMLInputElement).value)}
          />
        </div>
      </form>
      {loaded.error ? <ErrorNotice error={loaded.error} /> : null}
      {loaded.data ? (
        <>
          <p role="status">
            {formatNumber(matching.length)} of {formatNumber(loaded.data.items.length)} components
            {loaded.data.complete ? "" : ` (the first ${formatNumber(MAX_COMPONENTS)} are shown)`}
          </p>
          <TableWrap label="Components">
            <table class="components">
              <thead>
                <tr>
                  <th scope="col">Package</th>
                  <th scope="col">Version</th>
                  <th scope="col">Ecosystem</th>
                  <th scope="col">Dependency</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Licences</th>
                </tr>
              </thead>
              <tbody>
                {matching.slice(0, shown).map((c) => (
                  <tr key={`${c.projectVersion}\u0000${c.purl}`}>
                    <th scope="row">
                      <Link href={paths.components(c.purl.replace(/@[^@/]*$/, ""))} title={c.purl}>
                        {c.name}
                      </Link>
                    </th>
                    <td class="mono">{c.version}</td>
                    <td>{c.ecosystem}</td>
                    <td>{c.direct === undefined ? "—" : c.direct ? "direct" : "transitive"}</td>
                    <td>{c.scope}</td>
                    <td>{c.licenses.join(", ") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {matching.length > shown ? (
            <button type="button" onClick={() => setShown(shown + SHOWN_STEP)}>
              Show {formatNumber(Math.min(SHOWN_STEP, matching.length - shown))} more
            </button>
          ) : null}
        </>
      ) : (
        <Loading what="Loading components" />
      )}
    </section>
  );
}
