// The view is kept in the location hash, so a reload or a bookmark returns to it without the
// worker having to serve the app under several paths.
import { useEffect, useState } from "preact/hooks";

export const VIEWS = [
  "queue",
  "reports",
  "comments",
  "threads",
  "bans",
  "readers",
  "sessions",
  "sites",
  "tokens",
  "outbox",
  "webhooks",
  "audit",
] as const;
export type View = (typeof VIEWS)[number];

export const LABELS: Record<View, string> = {
  queue: "Queue",
  reports: "Reports",
  comments: "Comments",
  threads: "Threads",
  bans: "Bans",
  readers: "Readers",
  sessions: "Sessions",
  sites: "Sites",
  tokens: "Tokens",
  outbox: "Outbox",
  webhooks: "Webhooks",
  audit: "Audit log",
};

function current(): View {
  const name = location.hash.replace(/^#\/?/, "");
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : "queue";
}

export function useView(): View {
  const [view, setView] = useState(current);
  useEffect(() => {
    const update = () => setView(current());
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return view;
}
