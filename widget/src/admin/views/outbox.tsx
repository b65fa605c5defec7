import { useState } from "preact/hooks";
import type { OutboxMail } from "../api.ts";
import { ListStatus } from "../components/list-status.tsx";
import { SiteSelect } from "../components/site-select.tsx";
import { useAdmin } from "../context.ts";
import { formatTime } from "../format.ts";
import { useList } from "../use-list.ts";

/**
 * The mails Confab sent or logged, newest first (the 100 newest). With the `log` provider (local
 * development) a mail is only stored, and this is where to read it.
 */
export function OutboxView() {
  const { api } = useAdmin();
  const [site, setSite] = useState("");
  const list = useList(site, () => api.outbox(site || null));

  return (
    <>
      <div class="filters">
        <SiteSelect id="outbox-site" value={site} onChange={setSite} any="All sites" />
      </div>
      <ListStatus list={list} empty="No mail yet: Confab sends mail when a comment waits or gets a reply." />
      {list.items && list.items.length > 0 && (
        <ol class="rows" aria-label="Mails">
          {list.items.map((mail) => (
            <Mail key={mail.id} mail={mail} />
          ))}
        </ol>
      )}
    </>
  );
}

function Mail({ mail }: { mail: OutboxMail }) {
  return (
    <li class="row mail" aria-label={`Mail: ${mail.subject}`}>
      <div class="content">
        <p class="who">
          <strong class="subject">{mail.subject}</strong>
          <span class={`status ${mail.status}`}>{mail.status}</span>
        </p>
        <p class="where muted">
          <span>
            to <span class="to">{mail.to}</span>
          </span>
          <time dateTime={mail.createdAt}>{formatTime(mail.createdAt)}</time>
          <span>
            {mail.site} · via {mail.provider}
          </span>
        </p>
        {mail.status === "failed" && <p class="error">Not sent: {mail.error || "no reason given"}</p>}
        {/* Plain text, as sent: never parsed as HTML, whatever a commenter put in it. */}
        <pre class="mail-text">{mail.text}</pre>
      </div>
    </li>
  );
}
