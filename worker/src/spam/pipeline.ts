// Runs every check; the first reject refuses the comment, every hold is kept as a reason.
import { ApiError } from "../lib/api-error.ts";
import { CHECKS } from "./checks.ts";
import type { SpamInput } from "./verdict.ts";

export function screen(input: SpamInput): { holdReasons: string[] } {
  const holdReasons: string[] = [];
  for (const [, check] of CHECKS) {
    const verdict = check(input);
    if (verdict.kind === "reject") {
      throw new ApiError(verdict.code, verdict.message, {
        ...(verdict.retryAfter ? { headers: { "Retry-After": String(verdict.retryAfter) } } : {}),
      });
    }
    if (verdict.kind === "hold") holdReasons.push(verdict.reason);
  }
  return { holdReasons };
}

/** The fixed windows this moment falls in, for a site and network. */
export function rateWindows(siteId: string, network: string | null, nowMs: number) {
  const s = Math.floor(nowMs / 1000);
  const who = `${siteId}:${network ?? "unknown"}`;
  return {
    minute: { key: `m:${who}`, start: s - (s % 60) },
    hour: { key: `h:${who}`, start: s - (s % 3600) },
  };
}
