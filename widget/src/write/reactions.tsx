// The reactions bar, of the page or of one comment: a button per emoji of the site, pressed for
// the reader's own (kept in this browser: the thread answer is the same for every reader), with
// its count. A comment's bar shows only the emoji it has, and the rest behind "Add a reaction":
// a first page of 250 comments would otherwise draw 1,500 buttons. In write.js: embed.js draws
// only an empty box until it loads.
import { useContext, useState } from "preact/hooks";
import type { MentionCounts, ReactionCounts } from "../../../shared/types.ts";
import { pageKey } from "../options.ts";
import { load, save } from "../store.ts";
import { react } from "./api.ts";
import { patch } from "./changes.ts";
import { I18n, ThreadContext } from "./deps.ts";
import { errorText } from "./errors.ts";

/** This browser's reactions, by target: "page:<site>:<page key>" or a comment id. */
const mineOf = (target: string): string[] => load<Record<string, string[]>>("reacted", {})[target] ?? [];

function remember(target: string, mine: string[]): void {
  const all = load<Record<string, string[]>>("reacted", {});
  if (mine.length) all[target] = mine;
  else delete all[target];
  save("reacted", all);
}

/**
 * `id`: the comment reacted to; without it, the page, with its likes and reposts from the web
 * (Webmentions) beside the bar.
 */
export function Reactions({
  id,
  counts,
  mentions,
}: {
  id?: string;
  counts: ReactionCounts;
  mentions?: MentionCounts;
}) {
  const t = useContext(I18n);
  const thread = useContext(ThreadContext);
  const { options, site } = thread;
  const target = id ?? `page:${options.site}:${pageKey(options)}`;
  const [mine, setMine] = useState(() => mineOf(target));
  // The emoji being sent, and why the last call failed: one hook, as a page may draw 250 bars.
  const [{ busy, error }, setNote] = useState({ busy: "", error: "" });
  const [open, setOpen] = useState(!id);
  const fromWeb = [
    mentions?.likes && t("webLikes", { n: mentions.likes }),
    mentions?.reposts && t("webReposts", { n: mentions.reposts }),
  ].filter(Boolean);
  const web = fromWeb.length > 0 && <span class="meta web">{fromWeb.join(" · ")}</span>;
  if (site.reactions.length === 0) return web || null;
  const shown = open ? site.reactions : site.reactions.filter((e) => counts[e] || mine.includes(e));

  // The button goes away with the click: focus moves on to the first emoji.
  const openAll = (bar: HTMLElement | null) => {
    setOpen(true);
    setTimeout(() => bar?.querySelector<HTMLElement>(".reaction")?.focus());
  };

  const toggle = (emoji: string) => {
    setNote({ busy: emoji, error: "" });
    const where = id ? { commentId: id } : { url: options.url, pageId: options.pageId };
    react(thread.api, { site: options.site, emoji, ...where }, !mine.includes(emoji)).then(
      (r) => {
        setMine(r.mine);
        remember(target, r.mine);
        if (id) patch(thread, id, { reactions: r.reactions });
        else thread.update((d) => ({ ...d, thread: { ...d.thread, reactions: r.reactions } }));
        setNote({ busy: "", error: "" });
      },
      (err) => setNote({ busy: "", error: errorText(t, err) }),
    );
  };

  return (
    <fieldset class="reactions" aria-label={t(id ? "reactionsComment" : "reactionsPage")}>
      {shown.map((emoji) => {
        const n = counts[emoji] ?? 0;
        return (
          <button
            key={emoji}
            type="button"
            class="reaction"
            aria-pressed={mine.includes(emoji)}
            aria-label={t("reactWith", { emoji, n })}
            aria-disabled={busy === emoji}
            onClick={() => busy !== emoji && toggle(emoji)}
          >
            <span aria-hidden="true">{emoji}</span>
            {n > 0 && <span aria-hidden="true">{n}</span>}
          </button>
        );
      })}
      {!open && (
        <button type="button" class="link" onClick={(e) => openAll(e.currentTarget.parentElement)}>
          {t("addReaction")}
        </button>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
      {web}
    </fieldset>
  );
}
