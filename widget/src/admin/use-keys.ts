import { useEffect, useRef } from "preact/hooks";
import { isTyping } from "./shortcuts.ts";

/**
 * Calls `onKey` for key presses meant as shortcuts: not while typing in a field, not while a modal
 * dialog is open. `onKey` returns true when it used the key, which then does nothing else.
 */
export function useKeys(onKey: (key: string) => boolean): void {
  const latest = useRef(onKey);
  latest.current = onKey;
  useEffect(() => {
    const handle = (e: KeyboardEvent) => {
      if (isTyping(e) || document.querySelector("[aria-modal='true']")) return;
      if (latest.current(e.key)) e.preventDefault();
    };
    addEventListener("keydown", handle);
    return () => removeEventListener("keydown", handle);
  }, []);
}
