import { useState } from "preact/hooks";
import type { AdminSite } from "../api.ts";
import { SiteForm } from "../components/site-form.tsx";
import { SsoSecret } from "../components/sso-secret.tsx";
import { useAdmin } from "../context.ts";

/** The sites this token may act on, and the settings form of the chosen one (or a new one). */
export function SitesView() {
  const { sites, setSites } = useAdmin();
  // "" is the new-site form.
  const [chosen, setChosen] = useState<string>(sites[0]?.id ?? "");
  const site = sites.find((s) => s.id === chosen) ?? null;

  const saved = (next: AdminSite) => {
    const known = sites.some((s) => s.id === next.id);
    setSites(known ? sites.map((s) => (s.id === next.id ? next : s)) : [...sites, next]);
    setChosen(next.id);
  };

  return (
    <div class="sites">
      <nav class="site-list" aria-label="Sites">
        <ul>
          {sites.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={s.id === chosen ? "true" : undefined}
                onClick={() => setChosen(s.id)}
              >
                {s.name} <span class="muted">({s.id})</span>
              </button>
            </li>
          ))}
          <li>
            <button type="button" aria-current={site ? undefined : "true"} onClick={() => setChosen("")}>
              + New site
            </button>
          </li>
        </ul>
        {sites.length === 0 && <p class="empty">No sites yet: create the first one.</p>}
      </nav>
      <div class="site-settings">
        <SiteForm key={site?.id ?? "new"} site={site} onSaved={saved} />
        {site && <SsoSecret key={site.id} site={site} onChanged={saved} />}
      </div>
    </div>
  );
}
