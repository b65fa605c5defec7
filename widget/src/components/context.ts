import { createContext } from "preact";
import type { PublicComment, PublicSite } from "../../../shared/types.ts";

/** Shared by every comment in the thread, so the recursion does not pass it down by hand. */
export interface ThreadContextValue {
  api: string;
  /** What the API needs to know which thread a new comment belongs to. */
  where: { site: string; url: string; pageId: string | null; title: string };
  /** Where embed.js came from (the help text loads from there). */
  assets: string;
  /** This page's key in localStorage (drafts). */
  page: string;
  site: PublicSite;
  locked: boolean;
  /** The comment whose inline reply form is open; one at a time. */
  replyTo: string | null;
  setReplyTo(id: string | null): void;
  /** Shows a comment the reader just posted, announces it and moves focus to it. */
  added(comment: PublicComment): void;
  /** Replaces a comment's fields after an edit or a like. */
  patch(id: string, fields: Partial<PublicComment>): void;
  /** Takes a deleted comment out, or leaves a placeholder when it has replies. */
  remove(id: string): void;
  /** Loads a page of a root's replies beyond those the thread answer inlined; true if more are left. */
  moreReplies(id: string): Promise<boolean>;
  /** Says `message` to screen readers through the live region. */
  announce(message: string): void;
  /** The permalinked comment, highlighted. */
  target: string | null;
}

export const ThreadContext = createContext<ThreadContextValue>(null as unknown as ThreadContextValue);
