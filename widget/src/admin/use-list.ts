import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { messageOf } from "./api.ts";

export interface Listed<T> {
  /** null while loading (or after an error). */
  items: T[] | null;
  setItems: (update: (items: T[]) => T[]) => void;
  error: string | null;
  /** The thrown value itself, for views that treat some answers (a 403) apart. */
  failure: unknown;
  reload: () => void;
}

/**
 * A list loaded in one request, again whenever `key` changes or on `reload`. An answer to an
 * older request is dropped, so a slow first filter cannot overwrite a newer one.
 */
export function useList<T>(key: string, load: () => Promise<T[]>): Listed<T> {
  const [items, setAll] = useState<T[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const fetchAll = useCallback(() => {
    const gen = ++generation.current;
    setAll(null);
    setFailure(null);
    loadRef.current().then(
      (list) => gen === generation.current && setAll(list),
      (e: unknown) => gen === generation.current && setFailure(e ?? new Error("Failed.")),
    );
  }, []);

  useEffect(() => {
    fetchAll();
    // Answers arriving after the view is gone are dropped too.
    return () => {
      generation.current++;
    };
  }, [key, fetchAll]);

  return {
    items,
    setItems: (update) => setAll((all) => (all ? update(all) : all)),
    error: failure ? messageOf(failure) : null,
    failure,
    reload: fetchAll,
  };
}
