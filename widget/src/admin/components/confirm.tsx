import { useEffect, useRef } from "preact/hooks";

interface Props {
  /** The question, e.g. "Really erase this comment for good?". */
  question: string;
  /** The label of the button that does it, e.g. "Yes, erase". */
  yes: string;
  no?: string;
  /** While the action runs: a second "yes" does nothing. */
  busy?: boolean;
  onYes: () => void;
  onNo: () => void;
}

/**
 * An inline confirmation in place, for what cannot be undone. "Yes" takes the focus, so Enter
 * confirms; `y` confirms too, and `n` or Escape cancel (the focus then goes back where it was).
 */
export function Confirm({ question, yes, no = "No", busy = false, onYes, onNo }: Props) {
  const yesButton = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    yesButton.current?.focus();
  }, []);

  const confirm = () => {
    if (!busy) onYes();
  };
  const cancel = () => {
    const back = opener.current;
    onNo();
    if (back instanceof HTMLElement && back.isConnected && back !== document.body) back.focus();
  };

  return (
    <fieldset
      class="confirm"
      onKeyDown={(e) => {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
        if (key === "y") confirm();
        else if (key === "n" || key === "Escape") cancel();
        else return;
        // Not a shortcut of the list as well.
        e.preventDefault();
        e.stopPropagation();
      }}
    >
      <legend>{question}</legend>
      <div class="buttons">
        <button
          type="button"
          class="danger"
          ref={yesButton}
          aria-disabled={busy ? true : undefined}
          aria-keyshortcuts="y Enter"
          onClick={confirm}
        >
          {yes}
        </button>
        <button type="button" aria-keyshortcuts="n Escape" onClick={cancel}>
          {no}
        </button>
      </div>
    </fieldset>
  );
}
