import { useState } from "preact/hooks";
import type { WebhookDelivery } from "../api.ts";
import { ListStatus } from "../components/list-status.tsx";
import { SiteSelect } from "../components/site-select.tsx";
import { useAdmin } from "../context.ts";
import { formatTime } from "../format.ts";
import { useList } from "../use-list.ts";

/** Delivered, being retried (an attempt failed) or not tried yet. */
function stateOf(d: WebhookDelivery): ["delivered" | "failing" | "queued", string] {
  if (d.deliveredAt) return ["delivered", "delivered"];
  if (d.attempts > 0) return ["failing", "not delivered"];
  return ["queued", "queued"];
}

/** The webhook events of the sites and how their delivery went (the 100 newest). */
export function WebhooksView() {
  const { api } = useAdmin();
  const [site, setSite] = useState("");
  const list = useList(site, () => api.webhooks(site || null));

  return (
    <>
      <div class="filters">
        <SiteSelect id="webhooks-site" value={site} onChange={setSite} any="All sites" />
      </div>
      <ListStatus
        list={list}
        empty="No webhook deliveries yet: set a site's webhook URL to send its events."
      />
      {list.items && list.items.length > 0 && (
        <ol class="rows" aria-label="Webhook deliveries">
          {list.items.map((d) => (
            <Delivery key={d.id} delivery={d} />
          ))}
        </ol>
      )}
    </>
  );
}

function Delivery({ delivery: d }: { delivery: WebhookDelivery }) {
  const [state, label] = stateOf(d);
  return (
    <li class="row delivery" aria-label={`Delivery ${d.event} ${d.id}`}>
      <div class="content">
        <p class="who">
          <strong>{d.event}</strong>
          <span class={`status ${state}`}>{label}</span>
        </p>
        <p class="where">
          {/* The site's webhook URL, shown as text: it is not a page to visit. */}
          <code class="url">{d.url}</code>
        </p>
        <p class="where muted">
          <time dateTime={d.createdAt}>{formatTime(d.createdAt)}</time>
          <span>{d.site}</span>
          <span>
            {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
          </span>
          {d.lastStatus !== null && <span>last answer HTTP {d.lastStatus}</span>}
          {d.deliveredAt && (
            <span>
              delivered <time dateTime={d.deliveredAt}>{formatTime(d.deliveredAt)}</time>
            </span>
          )}
        </p>
        {d.lastError && <p class="error">Last error: {d.lastError}</p>}
      </div>
    </li>
  );
}
