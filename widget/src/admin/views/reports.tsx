import { useState } from "preact/hooks";
import type { AdminReport } from "../api.ts";
import { ListStatus } from "../components/list-status.tsx";
import { SiteSelect } from "../components/site-select.tsx";
import { useAdmin } from "../context.ts";
import { formatTime } from "../format.ts";
import { useList } from "../use-list.ts";

/**
 * One site's reported comments, each with its open reports' reasons (those since its last
 * decision). A comment held by reports is in the queue, where it is approved or removed.
 */
export function ReportsView() {
  const { api, sites } = useAdmin();
  const [site, setSite] = useState(sites[0]?.id ?? "");
  const list = useList(site, () => (site ? api.reports(site) : Promise.resolve([])));
  if (!site) return <p class="empty">Create a site first.</p>;
  return (
    <>
      <div class="filters">
        <SiteSelect id="reports-site" value={site} onChange={setSite} />
      </div>
      <ListStatus list={list} empty="No open reports on this site." />
      {list.items && list.items.length > 0 && (
        <ol class="rows" aria-label="Reported comments">
          {list.items.map((r) => (
            <Reported key={r.commentId} report={r} />
          ))}
        </ol>
      )}
    </>
  );
}

function Reported({ report: r }: { report: AdminReport }) {
  const n = r.reports.length;
  return (
    <li class="row" aria-label={`Reports on the comment by ${r.author || "Anonymous"}`}>
      <div class="content">
        <p class="who">
          <strong>{r.author || "Anonymous"}</strong>
          <span class={`status ${r.status}`}>{r.status === "pending" ? "held" : r.status}</span>
          <span>
            {n} report{n === 1 ? "" : "s"}
          </span>
        </p>
        {/* The Markdown source as text: a report is often about what the text says. */}
        <p class="text">{r.text}</p>
        {r.pageUrl && <p class="where muted">{r.pageUrl}</p>}
        <ul class="reasons" aria-label="Reasons">
          {r.reports.map((x) => (
            <li key={x.createdAt + x.reason}>
              <time dateTime={x.createdAt}>{formatTime(x.createdAt)}</time> {x.reason}
            </li>
          ))}
        </ul>
      </div>
    </li>
  );
}
