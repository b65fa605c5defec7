// FRESH_SECONDS (docs/api.md, "Freshness"): how long a stored answer is served without asking D1.
import type { Bindings } from "../env.ts";

export const DEFAULT_FRESH_SECONDS = 10;
const MAX_FRESH_SECONDS = 3600;

/** Whole seconds, 0..3600; unset or anything else is the default. 0: every read asks D1 first. */
export function freshSeconds(env: Pick<Bindings, "FRESH_SECONDS">): number {
  const raw = env.FRESH_SECONDS;
  const n = typeof raw === "number" ? raw : raw === undefined || raw === "" ? Number.NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= MAX_FRESH_SECONDS ? n : DEFAULT_FRESH_SECONDS;
}
