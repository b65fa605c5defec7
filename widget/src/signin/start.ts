// What a page load does about sign-in, before anyone clicks: take the token an email link sent
// back in the fragment, exchange the site's SSO payload, or check that a stored session still holds.
import type { SignInResponse } from "../../../shared/types.ts";
import { me, ssoSignIn } from "./api.ts";
import { sessionOf, setSession } from "./deps.ts";

const FRAGMENT = /(?:^#|&)confab-signin=([^&]+)/;

export interface StartOptions {
  api: string;
  site: string;
  sso: string | null;
}

const keep = (api: string, site: string, res: SignInResponse, sso?: string) =>
  setSession(api, site, { token: res.token, expiresAt: res.expiresAt, identity: res.identity, sso });

/** Runs once per page and instance; failures leave the reader signed out, never an error on the page. */
export async function start({ api, site, sso }: StartOptions): Promise<void> {
  const token = FRAGMENT.exec(location.hash)?.[1];
  if (token) {
    // The token must not stay in the address bar, the history or a link the reader copies.
    history.replaceState(history.state, "", location.href.split("#")[0]);
    const { identity, expiresAt } = await me(api, decodeURIComponent(token));
    return keep(api, site, { token: decodeURIComponent(token), expiresAt, identity });
  }
  const stored = sessionOf(api, site);
  if (sso && stored?.sso !== sso) {
    try {
      return keep(api, site, await ssoSignIn(api, site, sso), sso);
    } catch (err) {
      console.warn("Confab: the SSO payload was refused:", (err as Error).message);
      return;
    }
  }
  if (!stored) return;
  try {
    // The name may have changed, or the session been revoked from the dashboard.
    const { identity, expiresAt } = await me(api, stored.token);
    keep(api, site, { token: stored.token, expiresAt, identity }, stored.sso);
  } catch (err) {
    if ((err as { code?: string }).code === "unauthorized") setSession(api, site, null);
  }
}
