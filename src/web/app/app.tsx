import { useEffect, useRef, useState } from "preact/hooks";
import { api, onUnauthorized, type Session, setCsrfToken } from "./api";
import { isPurl } from "./format";
import { ComponentsPage, RankingPage } from "./pages/components";
import { IncidentPage, IncidentsPage } from "./pages/incidents";
import { NotFoundPage } from "./pages/not-found";
import { PortfolioPage } from "./pages/portfolio";
import { ProjectPage } from "./pages/project";
import { ProjectsPage } from "./pages/projects";
import { SettingsPage } from "./pages/settings";
import { SignInPage } from "./pages/sign-in";
import { VulnerabilityPage } from "./pages/vulnerability";
import { type AppLocation, navigate, paths, useLocation } from "./router";
import { SessionContext } from "./session";
import { currentTheme, setTheme } from "./theme";
import { Link } from "./ui";

type State =
  | { status: "checking" }
  | { status: "signed-out"; reason?: string }
  | { status: "signed-in"; session: Session };

/** The dashboard: the sign-in page until a session exists, then the shell and the page the URL names. */
export function App() {
  const [state, setState] = useState<State>({ status: "checking" });
  useEffect(() => {
    api.session.get().then(
      (session) => {
        if (!session) return setState({ status: "signed-out" });
        setCsrfToken(session.csrfToken);
        setState({ status: "signed-in", session });
      },
      () => setState({ status: "signed-out" }),
    );
    return onUnauthorized(() => {
      setCsrfToken(undefined);
      setState({ status: "signed-out", reason: "Your session has ended. Sign in again." });
    });
  }, []);

  if (state.status === "checking")
    return (
      <p class="boot" role="status">
        Loading Bulwark…
      </p>
    );
  if (state.status === "signed-out")
    return (
      <SignInPage
        reason={state.reason}
        onSignedIn={(session) => {
          setCsrfToken(session.csrfToken);
          setState({ status: "signed-in", session });
        }}
      />
    );
  return (
    <SessionContext.Provider value={state.session}>
      <Shell
        session={state.session}
        onSignOut={async () => {
          await api.session.signOut().catch(() => undefined);
          setCsrfToken(undefined);
          setState({ status: "signed-out", reason: "You are signed out." });
        }}
      />
    </SessionContext.Provider>
  );
}

const NAV = [
  { href: "/", label: "Portfolio", match: (p: string) => p === "/" },
  { href: "/projects", label: "Projects", match: (p: string) => p.startsWith("/projects") },
  { href: "/incidents", label: "Incidents", match: (p: string) => p.startsWith("/incidents") },
  { href: "/components/ranking", label: "Components", match: (p: string) => p.startsWith("/components") },
];

function Shell({ session, onSignOut }: { session: Session; onSignOut(): void }) {
  const loc = useLocation();
  const first = useRef(true);
  // After a navigation, focus moves to the new page's heading, so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    requestAnimationFrame(() => document.querySelector<HTMLElement>("main h1")?.focus());
  }, [loc.path]);
  const nav =
    session.role === "admin"
      ? [...NAV, { href: "/settings", label: "Settings", match: (p: string) => p.startsWith("/settings") }]
      : NAV;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand" aria-label="Bulwark home">
          <span aria-hidden="true" class="brand-mark">
            ◆
          </span>{" "}
          Bulwark
        </Link>
        <nav class="main-nav" aria-label="Main">
          {nav.map((n) => (
            <Link key={n.href} href={n.href} aria-current={n.match(loc.path) ? "page" : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <SearchBox />
        <div class="who">
          <ThemeToggle />
          <span class="who-name" title={`role: ${session.role}`}>
            {session.name} <span class="role">{session.role}</span>
          </span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <RouteView loc={loc} session={session} />
      </main>
    </>
  );
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function RouteView({ loc, session }: { loc: AppLocation; session: Session }) {
  const path = loc.path;
  if (path === "/") return <PortfolioPage />;
  if (path === "/projects") return <ProjectsPage loc={loc} />;
  let m = /^\/projects\/(.+)$/.exec(path);
  if (m) return <ProjectPage key={m[1]} name={decode(m[1]!)} loc={loc} />;
  m = /^\/vulnerabilities\/(.+)$/.exec(path);
  if (m) return <VulnerabilityPage key={m[1]} id={decode(m[1]!)} />;
  if (path === "/components") return <ComponentsPage loc={loc} />;
  if (path === "/components/ranking") return <RankingPage />;
  if (path === "/incidents") return <IncidentsPage />;
  m = /^\/incidents\/(.+)$/.exec(path);
  if (m) return <IncidentPage key={m[1]} id={decode(m[1]!)} />;
  if (path === "/settings" && session.role === "admin") return <SettingsPage loc={loc} />;
  return <NotFoundPage />;
}

/** Where a search goes: a purl to its projects, an advisory id to its blast radius, anything else to projects. */
export function searchTarget(text: string): string {
  const q = text.trim();
  if (isPurl(q)) return paths.components(q);
  if (/^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9][\w.:-]*$/.test(q) && /\d/.test(q)) return paths.vulnerability(q);
  return `/projects?q=${encodeURIComponent(q)}`;
}

function SearchBox() {
  const [text, setText] = useState("");
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with the search role is the pattern screen readers know best
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) navigate(searchTarget(text));
      }}
    >
      <label for="global-search" class="visually-hidden">
        Search vulnerabilities (CVE, GHSA, GO-, PYSEC- ids), packages (purl) or projects
      </label>
      <input
        id="global-search"
        type="search"
        placeholder="CVE-…, GHSA-…, pkg:npm/…"
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        autoComplete="off"
        spellcheck={false}
      />
      <button type="submit">Search</button>
    </form>
  );
}

function ThemeToggle() {
  const [theme, set] = useState(currentTheme);
  return (
    <button
      type="button"
      class="theme-toggle"
      aria-pressed={theme === "dark"}
      aria-label="Dark theme"
      title="Dark theme"
      onClick={() => {
        const next = theme === "dark" ? "light" : "dark";
        setTheme(next);
        set(next);
      }}
    >
      <span aria-hidden="true">◐</span>
    </button>
  );
}
