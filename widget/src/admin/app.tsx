import { useCallback, useMemo, useState } from "preact/hooks";
import { type AdminSite, adminApi } from "./api.ts";
import { clearToken, loadToken, saveToken } from "./token.ts";
import { Login } from "./views/login.tsx";
import { Shell } from "./views/shell.tsx";

interface Session {
  token: string;
  /** Known when the login form has just checked the token; loaded by the shell after a reload. */
  sites: AdminSite[] | null;
}

/** The login form until a token works, then the dashboard; back to the form on 401/403. */
export function App() {
  const [session, setSession] = useState<Session | null>(() => {
    const token = loadToken();
    return token ? { token, sites: null } : null;
  });
  const [message, setMessage] = useState<string | null>(null);

  const signOut = useCallback((why: string | null) => {
    clearToken();
    setMessage(why);
    setSession(null);
  }, []);

  const api = useMemo(() => session && adminApi(session.token, signOut), [session?.token, signOut]);

  if (!session || !api) {
    return (
      <Login
        message={message}
        onSignIn={(token, sites) => {
          saveToken(token);
          setMessage(null);
          setSession({ token, sites });
        }}
      />
    );
  }
  return <Shell api={api} initialSites={session.sites} onSignOut={() => signOut(null)} />;
}
