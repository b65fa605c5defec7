import { useState } from "preact/hooks";
import { type AdminSite, adminApi, messageOf } from "../api.ts";

interface Props {
  /** Why the user is here again (a 401/403 answer), shown above the form. */
  message: string | null;
  onSignIn: (token: string, sites: AdminSite[]) => void;
}

/** Asks for the admin token and checks it against the API before keeping it. */
export function Login({ message, onSignIn }: Props) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError("Enter the admin token.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Listing the sites proves the token and fetches what every view needs anyway.
      const sites = await adminApi(value, () => {}).sites();
      onSignIn(value, sites);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  const shown = error ?? message;
  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">Confab moderation</h1>
        {shown && (
          <p class="error" role="alert">
            {shown}
          </p>
        )}
        <label for="token">Admin token</label>
        <input
          id="token"
          type="password"
          autoComplete="current-password"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-invalid={shown ? true : undefined}
        />
        <p class="hint">Kept in this tab only (session storage) until you sign out or close it.</p>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
