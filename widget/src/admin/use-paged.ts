import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { messageOf, type Page } from "./api.ts";

export interface Paged<T> {
  items: T[];
  setItems: (update: (items: T[]) => T[]) => void;
  /** "loading" covers the first page and every further one. */
  status: "loading" | "idle" | "error";
  error: string | null;
  hasMore: boolean;
  /** The next page, or the first one again after it failed. */
  loadMore: () => void;
}

/**
 * A cursor-paged list: loads the first page whenever `key` changes and appends on `loadMore`.
 * An answer to an older key is dropped, so a slow first filter cannot overwrite a newer one.
 */
export function usePaged<T>(key: string, load: (cursor: string | null) => Promise<Page<T>>): Paged<T> {
  const [items, setAll] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<Paged<T>["status"]>("loading");
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchPage = useCallback((from: string | null, gen: number) => {
    setStatus("loading");
    setError(null);
    loadRef.current(from).then(
      (page) => {
        if (gen !== generation.current) return;
        setAll((old) => (from ? [...old, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setStatus("idle");
      },
      (e: unknown) => {
        if (gen !== generation.current) return;
        setError(messageOf(e));
        setStatus("error");
      },
    );
  }, []);

  useEffect(() => {
    const gen = ++generation.current;
    setAll([]);
    setCursor(null);
    fetchPage(null, gen);
  }, [key, fetchPage]);

  return {
    items,
    setItems: setAll,
    status,
    error,
    hasMore: cursor !== null,
    // With no cursor yet (the first page failed) this retries the first page.
    loadMore: () => fetchPage(cursor, generation.current),
  };
}
