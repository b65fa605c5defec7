import { useState } from "preact/hooks";
import { ListFooter } from "../components/list-footer.tsx";
import { SiteSelect } from "../components/site-select.tsx";
import { useAdmin } from "../context.ts";
import { formatTime } from "../format.ts";
import { usePaged } from "../use-paged.ts";

/** Who did what and when, newest first, 50 at a time. */
export function AuditView() {
  const { api } = useAdmin();
  const [site, setSite] = useState("");
  const list = usePaged(site, (cursor) => api.audit(site || null, cursor));

  return (
    <>
      <div class="filters">
        <SiteSelect id="audit-site" value={site} onChange={setSite} any="All sites" />
      </div>
      {list.items.length > 0 && (
        <ol class="rows audit" aria-label="Audit log">
          {list.items.map((entry, i) => (
            // Entries carry no id in the API; they are append-only, so the position is stable.
            <li key={i} class="row">
              <div class="content">
                <p class="who">
                  <strong>{entry.action}</strong> <code>{entry.target}</code>
                </p>
                <p class="where muted">
                  <time dateTime={entry.at}>{formatTime(entry.at)}</time> · by {entry.actor}
                  {entry.site && ` · ${entry.site}`}
                </p>
                {Object.keys(entry.detail ?? {}).length > 0 && (
                  <pre class="detail">{JSON.stringify(entry.detail, null, 1)}</pre>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
      <ListFooter list={list} empty="Nothing has been done yet." />
    </>
  );
}
