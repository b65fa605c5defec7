import { createContext } from "preact";
import type { PublicSite } from "../../../shared/types.ts";
import type { AuthorFields } from "../author-store.ts";

/** What a reader typed into a comment form. */
export interface Draft {
  parentId: string | null;
  author: AuthorFields;
  text: string;
  trap: string;
  elapsedMs: number;
}

/** Shared by every comment in the thread, so the recursion does not pass it down by hand. */
export interface ThreadContextValue {
  site: PublicSite;
  locked: boolean;
  /** The comment whose inline reply form is open; one at a time. */
  replyTo: string | null;
  setReplyTo(id: string | null): void;
  /** Posts the draft and puts the new comment in the thread; rejects with the reason on failure. */
  post(draft: Draft): Promise<void>;
}

export const ThreadContext = createContext<ThreadContextValue>(null as unknown as ThreadContextValue);
