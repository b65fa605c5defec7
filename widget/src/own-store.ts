// What this browser knows about the reader's own comments: the edit tokens (shown once by the
// API, so kept here), the Markdown they typed (the API only returns HTML, and editing needs the
// source), liked comment ids, and comments held for moderation, which the API leaves out of the
// thread but their author should still see after a reload.
import type { PublicComment } from "../../shared/types.ts";
import { load, save } from "./store.ts";

export interface Own {
  id: string;
  editToken: string;
  editableUntil: string;
  text: string;
}

const live = (until: string) => Date.parse(until) > Date.now();

export const ownComment = (id: string): Own | undefined =>
  load<Own[]>("own", []).find((o) => o.id === id && live(o.editableUntil));

/** Adds or replaces `own`; expired entries are dropped on the way, so the list stays short. */
export function rememberOwn(own: Own | { id: string }): void {
  const rest = load<Own[]>("own", []).filter((o) => o.id !== own.id && live(o.editableUntil));
  save("own", "editToken" in own ? [...rest, own] : rest);
}

export const likedIds = (): string[] => load<string[]>("liked", []);

export function rememberLike(id: string, liked: boolean): void {
  const rest = likedIds().filter((x) => x !== id);
  save("liked", liked ? [...rest, id] : rest);
}

const MONTH = 30 * 86_400_000;

/** The held comments of one page, minus those older than a month (never approved). */
export function pendingOf(page: string): PublicComment[] {
  return load<PublicComment[]>(`pending:${page}`, []).filter(
    (c) => Date.parse(c.createdAt) > Date.now() - MONTH,
  );
}

export const savePending = (page: string, list: PublicComment[]): void =>
  save(`pending:${page}`, list.length ? list : null);
