// Keyboard shortcuts of the comment lists. One table drives both the handler and the help dialog,
// so the documentation cannot fall behind the keys.
export const SHORTCUTS: [key: string, what: string][] = [
  ["j", "Next comment"],
  ["k", "Previous comment"],
  ["a", "Approve"],
  ["s", "Mark as spam"],
  ["h", "Hold (back to pending)"],
  ["d", "Delete for good (erase): asks first"],
  ["y", "Yes, erase (Enter too)"],
  ["n", "No, keep it (Esc too)"],
  ["e", "Edit the text"],
  ["p", "Pin or unpin"],
  ["x", "Select or unselect"],
  ["?", "Show this help"],
  ["Esc", "Close the help, cancel an edit or an erase"],
];

/** Whether a key press belongs to a form control (typing), not to the shortcuts. */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target || typeof target.closest !== "function") return false;
  const control = target.closest("input, textarea, select, [contenteditable]");
  // A focused checkbox or button takes no text, so j/k and friends keep working from it.
  return (
    control !== null &&
    !(control instanceof HTMLInputElement && /^(checkbox|radio|button)$/.test(control.type))
  );
}
