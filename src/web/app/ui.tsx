// Small shared pieces of the pages. Everything from the API is rendered as text (JSX text and attributes);
// nothing here ever sets HTML from data.
import type { ComponentChildren, JSX } from "preact";
import { useEffect } from "preact/hooks";
import { ApiError, type OpenCounts, SEVERITIES, type SeverityRating } from "./api";
import { formatDateTime, formatNumber, relative } from "./format";
import { followLink } from "./router";

/** An app link: a real <a href>, navigating in place on a plain click. */
export function Link(props: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        if (onClick) (onClick as (e: MouseEvent) => void)(e);
        followLink(e, href);
      }}
    />
  );
}

/** A link to another site, only for http(s) URLs: anything else (javascript:, data:) is shown as text. */
export function ExternalLink({ url, children }: { url: string; children?: ComponentChildren }) {
  let safe = false;
  try {
    const u = new URL(url);
    safe = u.protocol === "https:" || u.protocol === "http:";
  } catch {
    safe = false;
  }
  if (!safe) return <span class="mono">{url}</span>;
  return (
    <a href={url} rel="noopener noreferrer" target="_blank">
      {children ?? url}
    </a>
  );
}

const readyMarks = new Set<string>();

/**
 * The frame of every page: its title (document title too) and whether its data is in. When it is, the page
 * carries `data-ready` and a performance mark `bulwark:ready:<name>` is set once (tests and the benchmark
 * wait for them).
 */
export function PageFrame(props: {
  name: string;
  title: string;
  busy: boolean;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) {
  useEffect(() => {
    document.title = `${props.title} · Bulwark`;
  }, [props.title]);
  useEffect(() => {
    if (props.busy || readyMarks.has(props.name)) return;
    readyMarks.add(props.name);
    performance.mark(`bulwark:ready:${props.name}`);
  }, [props.busy, props.name]);
  return (
    <div class="page" data-page={props.name} data-ready={props.busy ? undefined : ""} aria-busy={props.busy}>
      <div class="page-head">
        <h1 tabIndex={-1}>{props.title}</h1>
        {props.actions ? <div class="page-actions">{props.actions}</div> : null}
      </div>
      {props.children}
    </div>
  );
}

export function SeverityBadge({ rating, score }: { rating: SeverityRating; score?: number }) {
  return (
    <span class={`sev sev-${rating}`}>
      {rating}
      {score !== undefined ? ` ${score.toFixed(1)}` : ""}
    </span>
  );
}

export function KevBadge() {
  return (
    <abbr class="kev" title="In CISA's Known Exploited Vulnerabilities catalogue">
      KEV
    </abbr>
  );
}

/** Open findings by severity, as compact labelled counts. */
export function OpenCountsRow({ open, label }: { open: OpenCounts; label?: string }) {
  return (
    <ul class="counts" aria-label={label ?? "Open findings by severity"}>
      {SEVERITIES.map((s) => (
        <li key={s} class={open[s] ? `count sev-${s}` : "count zero"}>
          <span class="n">{formatNumber(open[s])}</span> {s}
        </li>
      ))}
      {open.kev ? (
        <li class="count kev-count">
          <span class="n">{formatNumber(open.kev)}</span> KEV
        </li>
      ) : null}
    </ul>
  );
}

/** An instant shown relative ("3 d ago") with the exact time on hover and for machines. */
export function Time({ iso }: { iso?: string }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {relative(iso)}
    </time>
  );
}

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <p class="loading" role="status">
      {what}…
    </p>
  );
}

/** An error as a reader can act on it. A route this server lacks says so plainly. */
export function ErrorNotice({ error, feature }: { error: unknown; feature?: string }) {
  if (error instanceof ApiError && error.missingRoute)
    return (
      <p class="notice" role="status">
        Not available on this server yet{feature ? `: ${feature.toLowerCase()}` : ""}.
      </p>
    );
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? error.message
        : "something went wrong";
  return (
    <p class="error" role="alert">
      {message}
    </p>
  );
}

/** A wide table that scrolls sideways on small screens; the region is focusable so keyboards can scroll it. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="table-wrap" aria-label={`${label} (table)`} tabIndex={0}>
      {children}
    </section>
  );
}

/** Previous / next for cursor-paginated lists. */
export function Pager(props: {
  label: string;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious(): void;
  onNext(): void;
}) {
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" disabled={!props.hasPrevious} onClick={props.onPrevious}>
        ← Previous
      </button>
      <span aria-live="polite">Page {props.page}</span>
      <button type="button" disabled={!props.hasNext} onClick={props.onNext}>
        Next →
      </button>
    </nav>
  );
}

/**
 * The pager of a cursor-paginated list: `cursors` holds the cursor of every page seen so far (the first one
 * undefined), so "previous" drops the last and "next" adds the answer's `nextCursor`.
 */
export function CursorPager(props: {
  label: string;
  cursors: (string | undefined)[];
  onChange(cursors: (string | undefined)[]): void;
  nextCursor: string | null | undefined;
}) {
  const { cursors, onChange, nextCursor } = props;
  return (
    <Pager
      label={props.label}
      page={cursors.length}
      hasPrevious={cursors.length > 1}
      hasNext={Boolean(nextCursor)}
      onPrevious={() => onChange(cursors.slice(0, -1))}
      onNext={() => onChange([...cursors, nextCursor ?? undefined])}
    />
  );
}

/** Sub-pages as links with the current one marked. */
export function Tabs(props: {
  label: string;
  items: { id: string; label: string; href: string }[];
  current: string;
}) {
  return (
    <nav class="tabs" aria-label={props.label}>
      {props.items.map((t) => (
        <Link key={t.id} href={t.href} aria-current={t.id === props.current ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}

/** A stat: big number, label under it. */
export function Stat({ value, label, tone }: { value: string; label: string; tone?: string }) {
  return (
    <div class={`stat ${tone ?? ""}`}>
      <span class="stat-value">{value}</span>
      <span class="stat-label">{label}</span>
    </div>
  );
}
