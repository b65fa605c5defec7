import { useEffect, useState } from "preact/hooks";
import { type Ban, messageOf } from "../api.ts";
import { BanAdd } from "../components/ban-add.tsx";
import { SiteSelect } from "../components/site-select.tsx";
import { useAdmin } from "../context.ts";
import { formatTime } from "../format.ts";

/** The bans of one site: list, add by email, remove. Bans by network come from a comment. */
export function BansView() {
  const { api, sites } = useAdmin();
  const [site, setSite] = useState(sites[0]?.id ?? "");
  const [bans, setBans] = useState<Ban[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; text: string } | null>(null);

  useEffect(() => {
    if (!site) return;
    let live = true;
    setBans(null);
    setError(null);
    api.bans(site).then(
      (list) => live && setBans(list),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, site]);

  const remove = async (ban: Ban) => {
    setRowError(null);
    try {
      await api.removeBan(ban.id);
      setBans((all) => all?.filter((b) => b.id !== ban.id) ?? null);
    } catch (e) {
      setRowError({ id: ban.id, text: messageOf(e) });
    }
  };

  if (!site) return <p class="empty">Create a site first.</p>;
  return (
    <>
      <div class="filters">
        <SiteSelect id="bans-site" value={site} onChange={setSite} />
      </div>
      <BanAdd site={site} onAdded={(ban) => setBans((all) => [ban, ...(all ?? [])])} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!bans && !error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {bans?.length === 0 && <p class="empty">No bans on this site.</p>}
      {bans && bans.length > 0 && (
        <ul class="rows" aria-label="Bans">
          {bans.map((ban) => (
            <li key={ban.id} class="row">
              <div class="content">
                <p class="who">
                  <span class="badge">{ban.kind === "ip" ? "network" : "email"}</span>
                  <code>{ban.value}</code>
                </p>
                <p class="where muted">
                  {ban.reason || "No reason given"} · since{" "}
                  <time dateTime={ban.createdAt}>{formatTime(ban.createdAt)}</time>
                  {" · "}
                  {ban.expiresAt ? (
                    <>
                      until <time dateTime={ban.expiresAt}>{formatTime(ban.expiresAt)}</time>
                    </>
                  ) : (
                    "no expiry"
                  )}
                </p>
                {rowError?.id === ban.id && (
                  <p class="error" role="alert">
                    {rowError.text}
                  </p>
                )}
                <div class="actions">
                  <button type="button" onClick={() => remove(ban)} aria-label={`Remove ban on ${ban.value}`}>
                    Remove
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
