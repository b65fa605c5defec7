import { createContext } from "preact";
import type { PublicSite, SortOrder, ThreadResponse } from "../../../shared/types.ts";
import type { ResolvedOptions } from "../options.ts";

/** Shared by every comment in the thread, so the recursion does not pass it down by hand. */
export interface ThreadContextValue {
  api: string;
  /** The embed's options: which thread a new comment belongs to, and the page's key (pageKey). */
  options: ResolvedOptions;
  /** Where embed.js came from (the help text loads from there). */
  assets: string;
  site: PublicSite;
  locked: boolean;
  /** The comment whose inline reply form is open; one at a time. */
  replyTo: string | null;
  setReplyTo(id: string | null): void;
  /** The order chosen; null for the site's default. */
  sort: SortOrder | null;
  /** Replaces the thread's data (the forms' changes, write/changes.ts). */
  update(change: (data: ThreadResponse) => ThreadResponse): void;
  /** Loads a page of a root's replies beyond those the thread answer inlined; true if more are left. */
  moreReplies(id: string): Promise<boolean>;
  /** Loads the next page of roots (the permalink's search, write/permalink.ts). */
  moreRoots(): Promise<void>;
  /** Each root's cursor to its next page of replies; null once they are all loaded. */
  replyCursors: Record<string, string | null>;
  /** Moves focus to a comment once it is drawn (the reader's new comment). */
  focus(id: string): void;
  /** Says `message` to screen readers through the live region. */
  announce(message: string): void;
  /** The permalinked comment, highlighted. */
  target: string | null;
  /** The thread as drawn (live.js compares what it hears with it). */
  data: ThreadResponse | null;
}

export const ThreadContext = createContext<ThreadContextValue>(null as unknown as ThreadContextValue);

/**
 * Between the thread, which says after each chunk it draws whether every root is drawn, and the
 * permalink's search in write.js (write/permalink.ts), which runs then: a plain object, not
 * state, so that telling it redraws nothing.
 */
export interface PermalinkHook {
  drawn?: boolean;
  search?(): void;
}
