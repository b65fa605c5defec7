import type { FunctionComponent } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { type AdminApi, type AdminSite, messageOf } from "../api.ts";
import { Help } from "../components/help.tsx";
import { type Admin, AdminContext } from "../context.ts";
import { LABELS, useView, VIEWS, type View } from "../route.ts";
import { isTyping } from "../shortcuts.ts";
import { AuditView } from "./audit.tsx";
import { BansView } from "./bans.tsx";
import { CommentsView } from "./comments.tsx";
import { OutboxView } from "./outbox.tsx";
import { QueueView } from "./queue.tsx";
import { ReadersView } from "./readers.tsx";
import { ReportsView } from "./reports.tsx";
import { SessionsView } from "./sessions.tsx";
import { SitesView } from "./sites.tsx";
import { ThreadsView } from "./threads.tsx";
import { TokensView } from "./tokens.tsx";
import { WebhooksView } from "./webhooks.tsx";

const BODIES: Record<View, FunctionComponent> = {
  queue: QueueView,
  reports: ReportsView,
  comments: CommentsView,
  threads: ThreadsView,
  bans: BansView,
  readers: ReadersView,
  sessions: SessionsView,
  sites: SitesView,
  tokens: TokensView,
  outbox: OutboxView,
  webhooks: WebhooksView,
  audit: AuditView,
};

interface Props {
  api: AdminApi;
  initialSites: AdminSite[] | null;
  onSignOut: () => void;
}

/** The signed-in dashboard: header, navigation, the current view and the shortcut help. */
export function Shell({ api, initialSites, onSignOut }: Props) {
  const view = useView();
  const [sites, setSites] = useState<AdminSite[] | null>(initialSites);
  const [error, setError] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const closeHelp = useCallback(() => setHelp(false), []);

  useEffect(() => {
    if (sites) return;
    api.sites().then(setSites, (e: unknown) => setError(messageOf(e)));
  }, [api, sites]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "?" && !isTyping(e)) {
        e.preventDefault();
        setHelp(true);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);

  const admin = useMemo<Admin | null>(() => sites && { api, sites, setSites }, [api, sites]);
  const Body = BODIES[view];

  return (
    <div class="shell">
      <header class="top">
        <h1>Confab moderation</h1>
        <nav aria-label="Views">
          {VIEWS.map((name) => (
            <a key={name} href={`#/${name}`} aria-current={name === view ? "page" : undefined}>
              {LABELS[name]}
            </a>
          ))}
        </nav>
        <div class="tools">
          <button type="button" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            Shortcuts <kbd>?</kbd>
          </button>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        <h2 class="view-title">{LABELS[view]}</h2>
        {error ? (
          <p class="error" role="alert">
            Could not load the sites: {error}
          </p>
        ) : admin ? (
          <AdminContext.Provider value={admin}>
            <Body />
          </AdminContext.Provider>
        ) : (
          <p class="muted" role="status">
            Loading…
          </p>
        )}
      </main>
      {help && <Help onClose={closeHelp} />}
    </div>
  );
}
