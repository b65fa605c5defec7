// Which sign-in methods a widget offers: the site's choice (its `signIn` setting) among what this
// deployment can do. Email needs a mail provider; GitHub and Google their app's credentials; an
// OIDC issuer its entry in OIDC_PROVIDERS. Passkeys need nothing but the browser.
import type { SignInMethod, SignInOption } from "../../../../shared/types.ts";
import type { Bindings } from "../../env.ts";

export interface OidcProvider {
  name: string;
  label: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
const parsed = new Map<string, OidcProvider[]>();

const isProvider = (p: unknown): p is OidcProvider => {
  const o = p as Record<string, unknown>;
  return (
    typeof o === "object" &&
    o !== null &&
    typeof o.name === "string" &&
    NAME.test(o.name) &&
    ["label", "issuer", "clientId", "clientSecret"].every((k) => typeof o[k] === "string" && o[k] !== "")
  );
};

/** The configured OIDC issuers; a malformed setting is logged once, and only its valid entries are offered. */
export function oidcProviders(env: Pick<Bindings, "OIDC_PROVIDERS">): OidcProvider[] {
  const raw = env.OIDC_PROVIDERS ?? "";
  let list = parsed.get(raw);
  if (!list) {
    try {
      const value: unknown = raw ? JSON.parse(raw) : [];
      list = Array.isArray(value) ? value.filter(isProvider) : [];
      if (!Array.isArray(value) || list.length !== value.length) throw new Error("bad entries");
    } catch {
      console.error(JSON.stringify({ config: "OIDC_PROVIDERS is not a JSON array of valid providers" }));
      list = list ?? [];
    }
    parsed.set(raw, list);
  }
  return list;
}

/** Every method this deployment can offer, with the label the widget shows. */
export function deploymentMethods(env: Bindings): Map<SignInMethod, string> {
  const methods = new Map<SignInMethod, string>();
  if (env.MAIL_PROVIDER !== undefined) methods.set("email", "Email");
  methods.set("passkey", "Passkey");
  if (env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET) methods.set("github", "GitHub");
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) methods.set("google", "Google");
  for (const p of oidcProviders(env)) methods.set(`oidc:${p.name}`, p.label);
  return methods;
}

/** The site's chosen methods that the deployment can serve, in the site's order. */
export function signInOptions(
  chosen: readonly SignInMethod[],
  offered: Map<SignInMethod, string>,
): SignInOption[] {
  return chosen.flatMap((method) => {
    const label = offered.get(method);
    return label === undefined ? [] : [{ method, label }];
  });
}

/** Whether a site offers `method` now: chosen by the site and configured in the deployment. */
export function siteOffers(env: Bindings, chosen: readonly SignInMethod[], method: SignInMethod): boolean {
  return chosen.includes(method) && deploymentMethods(env).has(method);
}
