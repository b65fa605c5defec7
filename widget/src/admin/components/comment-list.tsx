import { useEffect, useRef, useState } from "preact/hooks";
import { type AdminComment, type AdminStatus, type Ban, type CommentQuery, messageOf } from "../api.ts";
import { useAdmin } from "../context.ts";
import { useKeys } from "../use-keys.ts";
import { usePaged } from "../use-paged.ts";
import { BulkBar } from "./bulk-bar.tsx";
import type { RowActions } from "./comment-actions.tsx";
import { CommentRow, type RowOpen } from "./comment-row.tsx";
import { ListFooter } from "./list-footer.tsx";

interface RowState {
  busy?: boolean;
  error?: string | null;
  note?: string | null;
  open?: RowOpen;
}

interface Props {
  query: CommentQuery & { status: AdminStatus | "all" };
  empty: string;
}

/**
 * A paged, keyboard-driven moderation list of the comments matching `query`. Give it
 * `key={JSON.stringify(query)}`: a new query starts afresh (selection, focus, open forms).
 */
export function CommentList({ query, empty }: Props) {
  const { api } = useAdmin();
  const list = usePaged("comments", (cursor) => api.comments(query, cursor));
  const { items } = list;
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rows, setRows] = useState<Record<string, RowState>>({});
  // Set when the focused row leaves the list, so the focus moves to the row taking its place.
  const refocus = useRef(false);
  const current = Math.max(0, Math.min(active, items.length - 1));

  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    focusRow(current);
  });

  const row = (id: string, state: RowState) => setRows((r) => ({ ...r, [id]: { ...r[id], ...state } }));
  /** A comment that no longer matches the status filter leaves the list (an approved one the queue). */
  const matches = (c: AdminComment) => query.status === "all" || c.status === query.status;
  const remove = (ids: string[]) => {
    refocus.current = document.activeElement?.closest?.(".row") != null;
    list.setItems((all) => all.filter((x) => !ids.includes(x.id)));
    setSelected((s) => new Set([...s].filter((id) => !ids.includes(id))));
  };
  const apply = (c: AdminComment) => {
    if (matches(c)) list.setItems((all) => all.map((x) => (x.id === c.id ? c : x)));
    else remove([c.id]);
  };
  const run = async (c: AdminComment, work: () => Promise<AdminComment | null>) => {
    row(c.id, { busy: true, error: null, note: null });
    try {
      const next = await work();
      row(c.id, { busy: false, open: null });
      if (next) apply(next);
      else remove([c.id]);
    } catch (e) {
      row(c.id, { busy: false, error: messageOf(e) });
    }
  };

  const actions: RowActions = {
    setStatus: (c, status) => c.status !== status && run(c, () => api.patchComment(c.id, { status })),
    // Erasing cannot be undone: the button and `d` only ask, and the row's "Yes" (or `y`) erases.
    erase: (c) => row(c.id, { open: "erase", error: null, note: null }),
    confirmErase: (c) => run(c, () => api.erase(c.id).then(() => null)),
    cancel: (c) => row(c.id, { open: null }),
    pin: (c) => run(c, () => api.patchComment(c.id, { pinned: !c.pinned })),
    edit: (c) => c.author && row(c.id, { open: "edit", error: null }),
    ban: (c) => row(c.id, { open: "ban", error: null, note: null }),
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const focusRow = (i: number) => {
    const c = items[Math.max(0, Math.min(i, items.length - 1))];
    if (c) document.getElementById(`row-${c.id}`)?.focus();
  };

  useKeys((key) => {
    if (key === "j" || key === "k") {
      focusRow(current + (key === "j" ? 1 : -1));
      return true;
    }
    const c = items[current];
    if (!c || rows[c.id]?.busy) return false;
    if (rows[c.id]?.open === "erase") {
      // The question of the current row answers y / n / Escape even when the focus is elsewhere.
      const answer: Record<string, () => void> = {
        y: () => actions.confirmErase(c),
        n: () => actions.cancel(c),
        Escape: () => actions.cancel(c),
      };
      answer[key]?.();
      if (key in answer) return true;
    }
    const act: Record<string, () => void> = {
      a: () => actions.setStatus(c, "approved"),
      s: () => actions.setStatus(c, "spam"),
      h: () => actions.setStatus(c, "pending"),
      d: () => actions.erase(c),
      e: () => actions.edit(c),
      p: () => actions.pin(c),
      x: () => toggle(c.id),
    };
    act[key]?.();
    return key in act;
  });

  const onApplied = (ids: string[], status: AdminStatus) => {
    if (query.status !== "all" && status !== query.status) remove(ids);
    else list.setItems((all) => all.map((x) => (ids.includes(x.id) ? { ...x, status } : x)));
  };

  return (
    <section class="comments" aria-label="Comments">
      <BulkBar
        all={items.map((c) => c.id)}
        selected={selected}
        onSelect={setSelected}
        onApplied={onApplied}
      />
      {items.length > 0 && (
        <ol class="rows">
          {items.map((c, i) => {
            const state = rows[c.id] ?? {};
            return (
              <CommentRow
                key={c.id}
                comment={c}
                active={i === current}
                selected={selected.has(c.id)}
                open={state.open ?? null}
                busy={state.busy ?? false}
                error={state.error ?? null}
                note={state.note ?? null}
                actions={actions}
                onActivate={() => setActive(i)}
                onSelect={() => toggle(c.id)}
                onSave={async (text) => {
                  apply(await api.patchComment(c.id, { text }));
                  row(c.id, { open: null });
                }}
                onClose={(ban?: Ban | null) =>
                  row(c.id, { open: null, note: ban ? `Banned (${ban.kind}: ${ban.value}).` : null })
                }
              />
            );
          })}
        </ol>
      )}
      <ListFooter list={list} empty={empty} />
    </section>
  );
}
