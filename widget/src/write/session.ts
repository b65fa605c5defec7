// The signed-in reader, per API and site: the token a sign-in answered, with its identity. Kept in
// localStorage like the edit tokens (docs/security.md says why, and what a host page can do with
// it). write.js holds this one copy; signin.js is lent it (signin/deps.ts), so both see each change.
import { useEffect, useState } from "preact/hooks";
import type { SignInResponse } from "../../../shared/types.ts";
import { load, save } from "../store.ts";

export type Session = Pick<SignInResponse, "token" | "expiresAt" | "identity"> & {
  /** The SSO payload this session came from, so the same payload is not exchanged again. */
  sso?: string;
};

const key = (api: string, site: string) => `session:${api}:${site}`;
const listeners = new Set<() => void>();

/** The session for `site` on `api`, or null when there is none or it has expired. */
export function sessionOf(api: string, site: string): Session | null {
  const s = load<Session | null>(key(api, site), null);
  return s && typeof s.token === "string" && Date.parse(s.expiresAt) > Date.now() ? s : null;
}

/** Stores (or with null forgets) the session, and redraws everything that shows it. */
export function setSession(api: string, site: string, session: Session | null): void {
  save(key(api, site), session);
  for (const redraw of listeners) redraw();
}

/** Another tab of the same origin signed in or out: the browser tells every other tab. */
const fromOtherTab = (e: StorageEvent) => {
  if (e.key === null || e.key.startsWith("confab:session:")) for (const redraw of listeners) redraw();
};

/**
 * The current session, redrawing the component when this page or another tab of the site changes
 * it (a `storage` event); a post with a session ended elsewhere is told so (write/comment-form.tsx).
 */
export function useSession(api: string, site: string): Session | null {
  const [, redraw] = useState(0);
  useEffect(() => {
    const again = () => redraw((n) => n + 1);
    if (listeners.size === 0) addEventListener("storage", fromOtherTab);
    listeners.add(again);
    return () => {
      listeners.delete(again);
      if (listeners.size === 0) removeEventListener("storage", fromOtherTab);
    };
  }, []);
  return sessionOf(api, site);
}
