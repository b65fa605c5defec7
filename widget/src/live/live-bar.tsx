import { useContext, useEffect, useRef, useState } from "preact/hooks";
import type { LiveMessage, PublicComment } from "../../../shared/types.ts";
import { ownComment } from "../own-store.ts";
import { fetchThread, I18n, ThreadContext } from "../write/deps.ts";
import { applied, messagesOf, queued, shown, waiting } from "./apply.ts";
import { useLive } from "./use-live.ts";

/**
 * The thread's live updates: edits, removals and the count apply in place at once; new comments
 * from others wait behind one button, so nothing moves under the reader's eyes until they ask.
 * Sits at the top of the thread, sticky and of no height, so its button stays in sight.
 */
export function LiveBar() {
  const thread = useContext(ThreadContext);
  const t = useContext(I18n);
  const box = useRef<HTMLDivElement>(null);
  const section = useRef<Element | null>(null);
  const [fresh, setFresh] = useState<PublicComment[]>([]);
  const [marked, setMarked] = useState<string[]>([]);
  // The socket's handlers outlive renders: they read the thread as it is now.
  const now = useRef(thread);
  now.current = thread;
  const list = waiting(fresh, thread.data);
  const told = useRef(0);

  const heard = (m: LiveMessage) => {
    if (m.type === "refresh") return catchUp();
    if (m.type === "reload") return reload();
    now.current.update((d) => applied(d, m));
    // One the thread holds already (the reader's own, drawn from its answer or held and now
    // approved) changes in place and is never offered.
    if (m.type === "comment" && now.current.data?.comments.some((c) => c.id === m.comment.id)) return;
    setFresh((f) => queued(f, m));
  };
  // The first page of the newest roots: where new comments are (the fallback's poll, a refetch).
  const seen = useRef<Set<string> | null>(null);
  const catchUp = () => {
    const { options, api } = now.current;
    fetchThread(api, { ...options, sort: "newest", cursor: null }).then(
      (page) => {
        const d = now.current.data;
        if (!d) return;
        for (const m of messagesOf(d, page, seen.current)) heard(m);
        seen.current = new Set([...(seen.current ?? []), ...page.comments.map((c) => c.id)]);
      },
      () => {}, // The next poll or event tries again.
    );
  };
  // Merged or moved by a moderator: the thread as a read now shows it, in the reader's order.
  const reload = () => {
    const { options, api, sort } = now.current;
    fetchThread(api, { ...options, sort, cursor: null }).then(
      (page) => {
        setFresh([]);
        now.current.update(() => page);
      },
      () => {},
    );
  };
  useEffect(() => {
    section.current = box.current?.parentElement ?? null;
  }, []);
  useLive(section, thread.options, heard, catchUp);

  // Told once per new arrival, politely (the app's live region), not for each render.
  useEffect(() => {
    if (list.length > told.current) thread.announce(t("liveNew", { n: list.length }));
    told.current = list.length;
  }, [list.length]);

  // Comments shown by the button are marked until the thread is drawn anew; they may be drawn a
  // few frames later (the thread draws in chunks), so marking retries briefly.
  useEffect(() => {
    let tries = 0;
    const mark = () => {
      const root = box.current?.closest(".confab");
      const left = marked.filter((id) => {
        const el = root?.querySelector(`[id="comment-${id}"]`);
        el?.setAttribute("data-new", t("liveMark"));
        return !el;
      });
      if (left.length > 0 && tries++ < 20) timer = setTimeout(mark, 50);
    };
    let timer = setTimeout(mark);
    return () => clearTimeout(timer);
  }, [marked]);

  // Offered comments the thread then drew by itself leave the offer: a later page loaded with
  // them, or the reader's own whose message came before its POST's answer. That answer counted it
  // once more than the count already heard, which included it: one comes off for each.
  useEffect(() => {
    if (list.length === fresh.length) return;
    const own = fresh.filter((c) => !list.includes(c) && ownComment(c.id)).length;
    setFresh((f) => waiting(f, now.current.data));
    if (own > 0)
      thread.update((d) => ({ ...d, thread: { ...d.thread, commentCount: d.thread.commentCount - own } }));
  }, [thread.data]);

  // Another page (a single-page app's navigation): nothing of the last one is offered.
  useEffect(() => {
    setFresh([]);
    setMarked([]);
    seen.current = null;
  }, [thread.options.site, thread.options.url, thread.options.pageId]);

  const show = () => {
    const ids = list.map((c) => c.id);
    thread.update((d) => shown(d, waiting(list, d), thread.sort === "newest"));
    setFresh([]);
    told.current = 0;
    setMarked(ids);
    thread.announce(t("liveShown", { n: ids.length }));
    if (ids[0]) thread.focus(ids[0]);
  };

  return (
    <div class="live" ref={box}>
      {list.length > 0 && (
        <button type="button" onClick={show}>
          {t("liveNew", { n: list.length })}
        </button>
      )}
    </div>
  );
}
