import type { Paged } from "../use-paged.ts";

interface Props {
  list: Omit<Paged<unknown>, "setItems">;
  /** Shown when the first page came back empty. */
  empty: string;
}

/** Below a paged list: loading, the error of the last page, the empty state or "Load more". */
export function ListFooter({ list, empty }: Props) {
  const { status, error, items, hasMore, loadMore } = list;
  return (
    <div class="list-footer">
      {status === "loading" && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {status === "error" && (
        <p class="error" role="alert">
          {error}{" "}
          <button type="button" onClick={loadMore}>
            Retry
          </button>
        </p>
      )}
      {status === "idle" && items.length === 0 && <p class="empty">{empty}</p>}
      {status === "idle" && hasMore && (
        <button type="button" onClick={loadMore}>
          Load more
        </button>
      )}
    </div>
  );
}
