import { useState } from "preact/hooks";
import { messageOf } from "./api.ts";

export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs `task` unless one is running; its failure becomes `error`. Resolves true on success. */
  run: (task: () => Promise<unknown>) => Promise<boolean>;
}

/** One button's request at a time, with its error to show beside it. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (task: () => Promise<unknown>) => {
    if (busy) return false;
    setBusy(true);
    setError(null);
    try {
      await task();
      setBusy(false);
      return true;
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
      return false;
    }
  };
  return { busy, error, run };
}
