// A spam check looks at one thing and says pass, hold (a moderator decides) or reject.
import type { Site } from "../db/sites.ts";

export type Verdict =
  | { kind: "pass" }
  | { kind: "hold"; reason: string }
  | {
      kind: "reject";
      reason: string;
      code: "forbidden" | "rate_limited";
      message: string;
      retryAfter?: number;
    };

export const pass: Verdict = { kind: "pass" };

/** Everything the checks look at, gathered before any of them runs. */
export interface SpamInput {
  site: Site;
  text: string;
  trap: string | null | undefined;
  elapsedMs: number | null | undefined;
  linkCount: number;
  banned: boolean;
  duplicate: boolean;
  /** Comments already counted in the current minute and hour windows of this network. */
  rate: { minute: number; hour: number; nowMs: number };
}

export type Check = (input: SpamInput) => Verdict;
