import type { Listed } from "../use-list.ts";

interface Props {
  list: Omit<Listed<unknown>, "setItems">;
  /** Shown when the list came back empty. */
  empty: string;
}

/** Above a one-request list: loading, its error with a retry, or the empty state. */
export function ListStatus({ list, empty }: Props) {
  if (list.error) {
    return (
      <p class="error" role="alert">
        {list.error}{" "}
        <button type="button" onClick={list.reload}>
          Retry
        </button>
      </p>
    );
  }
  if (!list.items) {
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  }
  return list.items.length === 0 ? <p class="empty">{empty}</p> : null;
}
