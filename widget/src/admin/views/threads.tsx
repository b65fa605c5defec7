import { useState } from "preact/hooks";
import type { AdminThread } from "../api.ts";
import { ListFooter } from "../components/list-footer.tsx";
import { SiteSelect } from "../components/site-select.tsx";
import { ThreadRow } from "../components/thread-row.tsx";
import { PageLink } from "../components/thread-social.tsx";
import { useAdmin } from "../context.ts";
import { usePaged } from "../use-paged.ts";

/** Threads of one or every site: lock, retitle, move and merge. */
export function ThreadsView() {
  const { api } = useAdmin();
  const [site, setSite] = useState("");
  const list = usePaged(site, (cursor) => api.threads(site || null, cursor));
  const [note, setNote] = useState<string | null>(null);
  const [linking, setLinking] = useState(false);

  const replace = (t: AdminThread) => list.setItems((all) => all.map((x) => (x.id === t.id ? t : x)));
  const lock = async (t: AdminThread) => replace(await api.patchThread(t.id, { locked: !t.locked }));
  const merge = async (from: AdminThread, into: string) => {
    const { thread, moved } = await api.merge(from.id, into);
    list.setItems((all) => all.filter((x) => x.id !== from.id).map((x) => (x.id === thread.id ? thread : x)));
    setNote(`Moved ${moved} comment${moved === 1 ? "" : "s"} into “${thread.title || thread.key}”.`);
  };

  return (
    <>
      <div class="filters">
        <SiteSelect id="threads-site" value={site} onChange={setSite} any="All sites" />
        <button type="button" aria-expanded={linking} onClick={() => setLinking(!linking)}>
          Link a page…
        </button>
      </div>
      {linking && (
        <PageLink
          onSubmit={async (q) => {
            const thread = await api.linkPage(q);
            list.setItems((all) => [thread, ...all.filter((x) => x.id !== thread.id)]);
            setLinking(false);
            setNote(
              `Linked “${thread.title || thread.key}” to ${thread.social.length} post${thread.social.length === 1 ? "" : "s"}.`,
            );
          }}
        />
      )}
      {note && (
        <p class="note" role="status">
          {note}
        </p>
      )}
      {list.items.length > 0 && (
        <ol class="rows">
          {list.items.map((t) => (
            <ThreadRow
              key={t.id}
              thread={t}
              others={list.items.filter((x) => x.site === t.site && x.id !== t.id)}
              onLock={() => lock(t)}
              onEdit={async (patch) => replace(await api.patchThread(t.id, patch))}
              onMerge={(into) => merge(t, into)}
              onLink={async (social) => replace(await api.patchThread(t.id, { social }))}
            />
          ))}
        </ol>
      )}
      <ListFooter list={list} empty="No threads yet: a thread starts with its first comment." />
    </>
  );
}
