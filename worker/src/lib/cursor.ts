// Opaque page cursors for root pagination: the keyset of the last root served.
import type { PageCursor } from "../db/thread-page.ts";
import { validationError } from "./api-error.ts";

export function encodeCursor(c: PageCursor): string {
  return `${c.pinned}.${c.likes}.${c.id}`;
}

export function decodeCursor(value: string | undefined): PageCursor | null {
  if (value === undefined || value === "") return null;
  const m = value.match(/^([01])\.(\d{1,12})\.([0-9a-z]{1,64})$/);
  if (!m?.[1] || !m[2] || !m[3]) throw validationError({ cursor: "invalid" });
  return { pinned: Number(m[1]), likes: Number(m[2]), id: m[3] };
}
