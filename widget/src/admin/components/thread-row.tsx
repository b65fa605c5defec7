import { useState } from "preact/hooks";
import { type AdminThread, messageOf } from "../api.ts";
import { formatTime } from "../format.ts";
import { ThreadEdit, ThreadMerge } from "./thread-forms.tsx";
import { ThreadSocial } from "./thread-social.tsx";

interface Props {
  thread: AdminThread;
  /** Threads of the same site, offered as merge targets. */
  others: AdminThread[];
  onLock: () => Promise<void>;
  onEdit: (patch: { title?: string | null; url?: string }) => Promise<void>;
  onMerge: (into: string) => Promise<void>;
  onLink: (social: { kind: "mastodon" | "bluesky"; url: string }[]) => Promise<void>;
}

/** One thread: what it is, lock/unlock, and its edit and merge forms. */
export function ThreadRow({ thread: t, others, onLock, onEdit, onMerge, onLink }: Props) {
  const [open, setOpen] = useState<"edit" | "merge" | "social" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = t.url && /^https?:\/\//i.test(t.url) ? t.url : null;
  const name = t.title || t.key;

  const lock = async () => {
    setBusy(true);
    setError(null);
    await onLock().catch((e: unknown) => setError(messageOf(e)));
    setBusy(false);
  };

  return (
    <li class="row" aria-label={`Thread ${name}`}>
      <div class="content">
        <p class="who">
          <strong>{name}</strong>
          {t.locked && <span class="badge">locked</span>}
          {t.social.length > 0 && (
            <span class="badge">
              {t.social.length} linked post{t.social.length === 1 ? "" : "s"}
            </span>
          )}
        </p>
        <p class="where">
          <span class="muted">
            {t.site} · {t.commentCount} comment{t.commentCount === 1 ? "" : "s"} · id <code>{t.id}</code> ·
            since <time dateTime={t.createdAt}>{formatTime(t.createdAt)}</time>
          </span>
          {url && (
            <a href={url} rel="noopener noreferrer" target="_blank">
              {url}
            </a>
          )}
        </p>
        {open === "edit" && (
          <ThreadEdit
            thread={t}
            onSubmit={async (patch) => {
              await onEdit(patch);
              setOpen(null);
            }}
            onCancel={() => setOpen(null)}
          />
        )}
        {open === "merge" && (
          <ThreadMerge thread={t} others={others} onSubmit={onMerge} onCancel={() => setOpen(null)} />
        )}
        {open === "social" && (
          <ThreadSocial
            thread={t}
            onSubmit={async (social) => {
              await onLink(social);
              setOpen(null);
            }}
            onCancel={() => setOpen(null)}
          />
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <fieldset class="actions">
          <legend class="sr-only">Actions</legend>
          <button type="button" disabled={busy} aria-pressed={t.locked} onClick={lock}>
            {t.locked ? "Unlock" : "Lock"}
          </button>
          <button type="button" onClick={() => setOpen(open === "edit" ? null : "edit")}>
            Edit
          </button>
          <button type="button" onClick={() => setOpen(open === "merge" ? null : "merge")}>
            Merge…
          </button>
          <button type="button" onClick={() => setOpen(open === "social" ? null : "social")}>
            Linked posts…
          </button>
        </fieldset>
      </div>
    </li>
  );
}
