// A check looks at one thing and says pass, hold (a moderator decides) or reject.
import type { Site } from "../db/sites.ts";

export type Verdict =
  | { kind: "pass" }
  | { kind: "hold"; reason: string }
  | {
      kind: "reject";
      reason: string;
      code: "forbidden" | "rate_limited" | "duplicate";
      message: string;
      retryAfter?: number;
    };

export const pass: Verdict = { kind: "pass" };

/** Everything the local checks look at, gathered before any of them runs. */
export interface SpamInput {
  site: Site;
  /** A new comment, or an author's edit (which runs only the checks on the text). */
  kind: "post" | "edit";
  /** What readers will see, normalised (render/shown.ts). */
  shownText: string;
  linkCount: number;
  trap: string | null | undefined;
  elapsedMs: number | null | undefined;
  banned: boolean;
  /** The same text by the same author or network on this page today. */
  duplicate: boolean;
  /** Other pages where this network posted the same text today. */
  otherThreads: number;
  /** For moderation `first`: the signed-in author has an approved comment on the site. */
  approvedBefore: boolean;
  /** Whether the author is signed in (the site's `posting` rule `verified-or-held`). */
  signedIn: boolean;
}

export type Check = (input: SpamInput) => Verdict;
