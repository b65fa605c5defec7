import { useEffect, useRef } from "preact/hooks";
import { SHORTCUTS } from "../shortcuts.ts";

/** The keyboard shortcuts, as a modal dialog; Escape or the button closes it. */
export function Help({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    addEventListener("keydown", onKey);
    return () => {
      removeEventListener("keydown", onKey);
      // Focus goes back where it was, so the keyboard user keeps their place in the list.
      opener?.focus?.();
    };
  }, [onClose]);

  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <p>In the queue and the comment list, when no text field has the focus:</p>
        <dl class="keys">
          {SHORTCUTS.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
