// How values are shown: dates, durations, counts, packages. Pure functions.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const number = new Intl.NumberFormat();

/** "12 Mar 2025, 10:04" (the reader's locale and time zone). */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateTime.format(t);
}

export function formatDate(iso: string | undefined): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateOnly.format(t);
}

export function formatNumber(n: number): string {
  return number.format(n);
}

/** A duration in days as people say it: "3 h", "4 d", "2.5 mo". */
export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined || Number.isNaN(days)) return "—";
  if (days < 1) return `${Math.max(1, Math.round(days * 24))} h`;
  if (days < 60) return `${Math.round(days)} d`;
  return `${(days / 30.44).toFixed(1)} mo`;
}

/** Days between two instants (b defaults to now). */
export function daysBetween(a: string, b?: string): number {
  return ((b ? Date.parse(b) : Date.now()) - Date.parse(a)) / 86_400_000;
}

/** How long ago: "just now", "12 min ago", "3 d ago", or "in 5 d" for a future instant. */
export function relative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const days = (now - t) / 86_400_000;
  const minutes = Math.round(Math.abs(days) * 1440);
  if (minutes < 1) return "just now";
  const span = minutes < 60 ? `${minutes} min` : formatDays(Math.abs(days));
  return days >= 0 ? `${span} ago` : `in ${span}`;
}

/** "name@version" of a purl, readable: "pkg:npm/%40scope/name@1.2.3" -> "@scope/name@1.2.3". */
export function packageLabel(purl: string): string {
  const body = purl.replace(/^pkg:[^/]+\//, "").replace(/[?#].*$/, "");
  try {
    return decodeURIComponent(body);
  } catch {
    return body;
  }
}

/** The ecosystem type of a purl ("npm", "pypi", "maven"...). */
export function purlType(purl: string): string {
  return /^pkg:([^/]+)\//.exec(purl)?.[1] ?? "";
}

/** Words for an identifier: "not_affected" -> "not affected". */
export function words(id: string): string {
  return id.replace(/[_-]+/g, " ");
}

/** Whether a search text names a package (purl) rather than a vulnerability. */
export function isPurl(text: string): boolean {
  return /^pkg:[a-z0-9.+-]+\/\S+/i.test(text.trim());
}
