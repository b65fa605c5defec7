import { useState } from "preact/hooks";
import { ListFooter } from "../components/list-footer.tsx";
import { SessionRow } from "../components/session-row.tsx";
import { SiteSelect } from "../components/site-select.tsx";
import { useAdmin } from "../context.ts";
import { usePaged } from "../use-paged.ts";

/** A site's signed-in readers, one row per device, newest first; revoking signs that device out. */
export function SessionsView() {
  const { api, sites } = useAdmin();
  const [site, setSite] = useState(sites[0]?.id ?? "");
  const list = usePaged(site, (cursor) => api.sessions({ site }, cursor));

  if (!site) return <p class="empty">Create a site first.</p>;
  return (
    <>
      <div class="filters">
        <SiteSelect id="sessions-site" value={site} onChange={setSite} />
      </div>
      {list.items.length > 0 && (
        <ul class="rows" aria-label="Sessions">
          {list.items.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              onEnded={(ended) =>
                list.setItems((all) =>
                  all.filter((x) =>
                    "session" in ended ? x.id !== ended.session : x.identity.id !== ended.identity,
                  ),
                )
              }
            />
          ))}
        </ul>
      )}
      <ListFooter list={list} empty="No reader is signed in on this site." />
    </>
  );
}
