import { api } from "../api";
import { useLoad } from "../hooks";
import { ErrorNotice, Loading, TableWrap, Time } from "../ui";

/** A project's current policy violations (untrusted text: rendered as text, never as markup). */
export function ProjectViolations({ name }: { name: string }) {
  const page = useLoad((signal) => api.projects.violations(name, { limit: 200 }, signal), [name]);
  if (page.error) return <ErrorNotice error={page.error} feature="Policy violations" />;
  if (!page.data) return page.loading ? <Loading /> : null;
  const { policy, counts, items } = page.data;
  if (!policy) return <p>The server runs without a policy (`bulwark serve --policy FILE`).</p>;
  return (
    <section aria-label="Policy violations">
      <p data-testid="violation-counts">
        {counts.fail} fail · {counts.warn} warn · {counts.info} info
      </p>
      {items.length === 0 ? (
        <p>No violations.</p>
      ) : (
        <TableWrap label="Policy violations">
          <table>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Rule</th>
                <th scope="col">Subject</th>
                <th scope="col">What</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.id}>
                  <td>{v.level}</td>
                  <th scope="row">{v.rule}</th>
                  <td>{v.subject.purl ?? v.subject.name ?? v.subject.kind}</td>
                  <td>{v.message}</td>
                  <td>
                    <Time iso={v.detectedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
