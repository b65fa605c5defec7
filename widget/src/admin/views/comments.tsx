import { useState } from "preact/hooks";
import type { AdminStatus } from "../api.ts";
import { CommentList } from "../components/comment-list.tsx";
import { SiteSelect } from "../components/site-select.tsx";

type Status = AdminStatus | "all";
const STATUSES: [Status, string][] = [
  ["all", "Any status"],
  ["pending", "Pending"],
  ["approved", "Approved"],
  ["spam", "Spam"],
  ["deleted", "Deleted"],
];

interface Filters {
  site: string;
  status: Status;
  url: string;
  q: string;
}

const NONE: Filters = { site: "", status: "all", url: "", q: "" };

/** Every comment, filtered by site, status, page and text; the filters apply on submit. */
export function CommentsView() {
  const [draft, setDraft] = useState<Filters>(NONE);
  const [applied, setApplied] = useState<Filters>(NONE);
  const set = (patch: Partial<Filters>) => setDraft((d) => ({ ...d, ...patch }));
  const query = { ...applied, url: applied.url.trim(), q: applied.q.trim() };

  return (
    <>
      <form
        class="filters"
        aria-label="Filter comments"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        <SiteSelect id="filter-site" value={draft.site} onChange={(site) => set({ site })} any="All sites" />
        <div class="field">
          <label for="filter-status">Status</label>
          <select
            id="filter-status"
            value={draft.status}
            onChange={(e) => set({ status: e.currentTarget.value as Status })}
          >
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-url">Page URL</label>
          <input
            id="filter-url"
            type="url"
            placeholder="https://…"
            value={draft.url}
            onInput={(e) => set({ url: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="filter-q">Text</label>
          <input
            id="filter-q"
            type="search"
            value={draft.q}
            onInput={(e) => set({ q: e.currentTarget.value })}
          />
        </div>
        <div class="buttons">
          <button type="submit" class="primary">
            Filter
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(NONE);
              setApplied(NONE);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <CommentList key={JSON.stringify(query)} query={query} empty="No comment matches these filters." />
    </>
  );
}
