/**
 * pip-compile's "# via" annotations, by the line of the requirement they follow: the requirement files
 * ("-r requirements.in") and packages ("flask") that pulled each pin in. Both layouts are read:
 * `    # via flask, jinja2` and a `    # via` line followed by one `    #   name` line per source.
 */
export function viaAnnotations(text: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  let owner: number | undefined;
  let inVia = false;
  const add = (names: string) => {
    if (owner === undefined) return;
    const list = out.get(owner) ?? [];
    for (const n of names.split(/,\s*/)) if (n.trim() !== "") list.push(n.trim());
    out.set(owner, list);
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^[A-Za-z0-9]/.test(raw)) {
      owner = i + 1;
      inVia = false;
      return;
    }
    const via = /^\s+#\s+via\b(.*)$/.exec(raw);
    if (via) {
      inVia = true;
      add(via[1] ?? "");
      return;
    }
    const more = /^\s+#\s+(\S.*)$/.exec(raw);
    if (inVia && more) add(more[1]!);
    else if (!/^\s+#/.test(raw)) inVia = false;
  });
  return out;
}
