// A small history router: the URL is the state of every page (filters, sort, tab, cursor), so pages are
// linkable and the back button works. Links are real <a href> elements, usable by keyboard and middle-click.
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};
window.addEventListener("popstate", emit);

/** Goes to a URL of the app without reloading. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  history[options.replace ? "replaceState" : "pushState"](null, "", to);
  emit();
}

export interface AppLocation {
  path: string;
  query: URLSearchParams;
}

const current = (): AppLocation => ({ path: location.pathname, query: new URLSearchParams(location.search) });

/** The current location; re-renders on navigation. */
export function useLocation(): AppLocation {
  const [value, setValue] = useState(current);
  useEffect(() => {
    const update = () => setValue(current());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return value;
}

/** The current path with some query parameters changed (empty values removed). */
export function withParams(
  loc: AppLocation,
  change: Record<string, string | number | undefined | null>,
): string {
  const query = new URLSearchParams(loc.query);
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined || v === null || v === "") query.delete(k);
    else query.set(k, String(v));
  }
  const text = query.toString();
  return text ? `${loc.path}?${text}` : loc.path;
}

/** Handles a click on an app link: plain left clicks navigate in place, others keep the browser's meaning. */
export function followLink(event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}

/** App paths of the things pages link to. */
export const paths = {
  project: (name: string, tab?: string) =>
    `/projects/${encodeURIComponent(name)}${tab ? `?tab=${encodeURIComponent(tab)}` : ""}`,
  vulnerability: (id: string) => `/vulnerabilities/${encodeURIComponent(id)}`,
  incident: (id: string | number) => `/incidents/${encodeURIComponent(String(id))}`,
  components: (purl: string) => `/components?purl=${encodeURIComponent(purl)}`,
};
