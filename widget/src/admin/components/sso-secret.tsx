import { useState } from "preact/hooks";
import type { AdminSite } from "../api.ts";
import { useAdmin } from "../context.ts";
import { useAction } from "../use-action.ts";
import { Confirm } from "./confirm.tsx";
import { SecretCopy } from "./secret-copy.tsx";

interface Props {
  site: AdminSite;
  /** The site as it now is (SSO on or off). */
  onChanged: (site: AdminSite) => void;
}

type Asking = "rotate" | "off" | null;

const QUESTIONS = {
  rotate:
    "Make a new secret? The current one stops working at once: your server needs the new one. Readers signed in through SSO are signed out, and your pages sign them in again with the new secret.",
  off: "Turn SSO off? Payloads from your server stop working, and readers signed in through SSO are signed out.",
};

/**
 * The site's SSO secret (docs/identity.md, "Site SSO"): made, rotated or cleared. A new secret
 * is shown here once, in this component's state only: the worker never answers it again.
 */
export function SsoSecret({ site, onChanged }: Props) {
  const { api } = useAdmin();
  const [secret, setSecret] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const action = useAction();

  const make = () =>
    action.run(async () => {
      setSecret(await api.makeSsoSecret(site.id));
      setAsking(null);
      onChanged({ ...site, ssoEnabled: true });
    });
  const turnOff = () =>
    action.run(async () => {
      await api.clearSsoSecret(site.id);
      setAsking(null);
      onChanged({ ...site, ssoEnabled: false });
    });

  return (
    <section class="sso" aria-labelledby="sso-title">
      <h3 id="sso-title">Single sign-on (SSO)</h3>
      <p class="muted">
        {site.ssoEnabled
          ? "On: your server signs its users in with this site's secret."
          : "Off. With a secret, your own server can sign its users in (see docs/identity.md)."}
      </p>
      {secret ? (
        <div class="minted">
          <p class="warning" id="sso-warning">
            <strong>Shown once.</strong> Put it on your server (an environment variable) and nowhere else:
            Confab does not show it again. If it is lost or leaked, rotate it.
          </p>
          <SecretCopy id="sso-secret" label="New SSO secret" value={secret} describedBy="sso-warning" />
          <button type="button" onClick={() => setSecret(null)}>
            Done, I copied it
          </button>
        </div>
      ) : (
        <div class="actions">
          {site.ssoEnabled ? (
            <>
              <button type="button" aria-expanded={asking === "rotate"} onClick={() => setAsking("rotate")}>
                Rotate secret…
              </button>
              <button
                type="button"
                class="danger"
                aria-expanded={asking === "off"}
                onClick={() => setAsking("off")}
              >
                Turn SSO off…
              </button>
            </>
          ) : (
            <button type="button" disabled={action.busy} onClick={make}>
              Make a secret
            </button>
          )}
        </div>
      )}
      {asking && (
        <Confirm
          question={QUESTIONS[asking]}
          yes={asking === "rotate" ? "Yes, rotate" : "Yes, turn off"}
          busy={action.busy}
          onYes={asking === "rotate" ? make : turnOff}
          onNo={() => setAsking(null)}
        />
      )}
      {action.error && (
        <p class="error" role="alert">
          {action.error}
        </p>
      )}
    </section>
  );
}
