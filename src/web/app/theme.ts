// Light and dark themes: the reader's system preference unless they chose one (kept in localStorage).
export type Theme = "light" | "dark";
const KEY = "bulwark.theme";

function stored(): Theme | undefined {
  try {
    const value = localStorage.getItem(KEY);
    return value === "light" || value === "dark" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The theme in use. */
export function currentTheme(): Theme {
  return (
    (document.documentElement.dataset.theme as Theme | undefined) ??
    stored() ??
    (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")
  );
}

/** Applies a theme to the page and remembers the choice. */
export function setTheme(theme: Theme, remember = true): void {
  document.documentElement.dataset.theme = theme;
  if (remember)
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // private mode: the choice lasts for this page only
    }
}

/** At start: the stored choice, else the system's. */
export function applyInitialTheme(): void {
  setTheme(currentTheme(), false);
}
