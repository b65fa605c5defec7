import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { ThreadContext } from "./deps.ts";
import { useSession } from "./session.ts";
import { loadSignIn, signInPending } from "./signin-load.ts";

/**
 * A comment form's sign-in: the session, whether its panel is open, and where focus goes when the
 * panel closes (the control that opened it, or the text once signed in). The top-level form also
 * starts what a page load owes sign-in (signin/start.ts), loading signin.js only when there is some.
 */
export function useSignIn(topLevel: boolean, text: { current: HTMLTextAreaElement | null }) {
  const { api, assets, options, site } = useContext(ThreadContext);
  const session = useSession(api, options.site);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const back = useRef<"opener" | "text" | null>(null);

  useEffect(() => {
    const sso = options.sso || null;
    if (!topLevel || !signInPending(api, options.site, sso)) return;
    loadSignIn(assets)
      .then((s) => s.start({ api, site: options.site, sso }))
      .catch(() => {});
  }, []);
  useEffect(() => {
    if (open || !back.current) return;
    (back.current === "text" ? text : opener).current?.focus();
    back.current = null;
  }, [open]);

  return {
    session,
    offered: (site.signIn ?? []).length > 0,
    open,
    opener,
    toggle: () => setOpen(!open),
    close: (signedIn: boolean) => {
      back.current = signedIn ? "text" : "opener";
      setOpen(false);
    },
  };
}
