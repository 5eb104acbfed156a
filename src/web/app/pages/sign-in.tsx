import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, type Session } from "../api";

/** Sign-in with an API key; the server answers with a session cookie the page never sees. */
export function SignInPage({ reason, onSignedIn }: { reason?: string; onSignedIn(session: Session): void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = "Sign in · Bulwark";
    input.current?.focus();
  }, []);
  return (
    <main id="main" class="sign-in">
      <div class="sign-in-box" data-page="sign-in" data-ready="">
        <h1>Bulwark</h1>
        <p>Sign in with an API key. The key is exchanged for a session; this page does not keep it.</p>
        {reason ? (
          <p class="notice" role="status">
            {reason}
          </p>
        ) : null}
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(undefined);
            try {
              const session = await api.session.signIn(key.trim());
              setKey("");
              onSignedIn(session);
            } catch (err) {
              setError(
                err instanceof ApiError && err.status === 401
                  ? "That key is not valid (unknown or revoked)."
                  : err instanceof Error
                    ? err.message
                    : "Sign-in failed.",
              );
              setBusy(false);
            }
          }}
        >
          <label for="api-key">API key</label>
          <input
            id="api-key"
            ref={input}
            type="password"
            autoComplete="off"
            spellcheck={false}
            required
            value={key}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "sign-in-error" : undefined}
            onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          />
          <button type="submit" disabled={busy || !key.trim()}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
          {error ? (
            <p id="sign-in-error" class="error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
        <p class="hint">
          An administrator creates keys with <code>bulwark server key create</code> or on the Settings page.
        </p>
      </div>
    </main>
  );
}
