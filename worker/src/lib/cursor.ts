// Opaque page cursors for root pagination. "p" means "the pinned roots are served, go on with the
// unpinned ones"; "<likes>.<id>" is the keyset of the last unpinned root served.
import type { PageCursor } from "../db/thread-page.ts";
import { validationError } from "./api-error.ts";

export function encodeCursor(last: { pinned: number; likes: number; id: string }): string {
  return last.pinned ? "p" : `${last.likes}.${last.id}`;
}

export function decodeCursor(value: string | undefined): PageCursor | null {
  if (value === undefined || value === "") return null;
  if (value === "p") return { likes: null, id: null };
  const m = value.match(/^(\d{1,15})\.([0-9a-z]{1,64})$/);
  if (!m?.[1] || !m[2]) throw validationError({ cursor: "invalid" });
  return { likes: Number(m[1]), id: m[2] };
}
