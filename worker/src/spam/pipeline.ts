// Runs the local checks; the first reject refuses the comment, every hold is kept as a reason.
// The rate limit is not among them: its slot is taken in D1 (db/rate-slots.ts) once these pass.
import type { Reservation } from "../db/rate-slots.ts";
import { ApiError } from "../lib/api-error.ts";
import { CHECKS } from "./checks.ts";
import type { SpamInput, Verdict } from "./verdict.ts";

function refuse(verdict: Extract<Verdict, { kind: "reject" }>): never {
  throw new ApiError(verdict.code, verdict.message, {
    ...(verdict.retryAfter ? { headers: { "Retry-After": String(verdict.retryAfter) } } : {}),
  });
}

/** The hold reasons of every check that applies, as stored ("moderation: …", "spam check: …"). */
export function screen(input: SpamInput): string[] {
  const reasons: string[] = [];
  for (const rule of CHECKS) {
    if (input.kind === "edit" && !rule.onEdit) continue;
    const verdict = rule.check(input);
    if (verdict.kind === "reject") refuse(verdict);
    if (verdict.kind === "hold") reasons.push(`${rule.prefix}: ${verdict.reason}`);
  }
  return reasons;
}

/** A refused rate-limit reservation as the reader's 429, with the wait until the window ends. */
export function checkRate(
  slot: Reservation,
  message = "You are posting too fast. Please wait a little and try again.",
): void {
  if (slot.ok) return;
  refuse({
    kind: "reject",
    reason: "rate limit",
    code: "rate_limited",
    message,
    retryAfter: slot.retryAfter,
  });
}
