// What a token may set on a site beyond the schema (docs/api.md, "Operator floors"): origins are
// the operator's alone, a moderator's rate limits and retention stay within the operator's
// bounds, and a webhook URL must be one the worker may call. A value equal to the stored one is
// no change and always passes, so a form that sends a whole site still saves, and a setting the
// operator chose outside the bounds survives a moderator's other edits.
import type { SitePatch } from "../../../../shared/admin-schemas.ts";
import type { Site } from "../../db/sites.ts";
import type { Bindings } from "../../env.ts";
import type { Actor } from "../../lib/admin-auth.ts";
import { ApiError } from "../../lib/api-error.ts";
import { moderatorBounds, operatorFloors } from "../../lib/operator-floors.ts";
import { normaliseOriginEntry } from "../../lib/origins.ts";
import { outboundUrlProblem } from "../../lib/public-url.ts";

const sameSet = (a: (string | null)[], b: string[]) =>
  new Set(a).size === new Set(b).size && a.every((x) => x !== null && b.includes(x));

/** Throws the documented refusal when `actor` may not make this change to `current` (null: a new site). */
export function checkSiteChange(actor: Actor, current: Site | null, body: SitePatch, env: Bindings): void {
  if (!actor.operator && current) {
    if (body.origins && !sameSet(body.origins.map(normaliseOriginEntry), current.origins)) {
      throw new ApiError("forbidden", "Only the operator token can change a site's origins.");
    }
    checkBounds(current, body, env);
  }
  if (body.webhookUrl && body.webhookUrl !== current?.webhookUrl) {
    const problem = outboundUrlProblem(body.webhookUrl, env);
    if (problem) {
      throw new ApiError("validation_failed", `The webhook URL is not allowed: ${problem}.`, {
        fields: { webhookUrl: "invalid" },
      });
    }
  }
}

function checkBounds(current: Site, body: SitePatch, env: Bindings): void {
  const fields: Record<string, string> = {};
  const limits: string[] = [];
  for (const [field, [lo, hi]] of Object.entries(moderatorBounds(operatorFloors(env)))) {
    const value = body[field as keyof typeof body];
    if (typeof value !== "number" || value === current[field as keyof Site]) continue;
    if (value >= lo && value <= hi) continue;
    fields[field] = "invalid";
    limits.push(`${field} ${lo}..${hi}`);
  }
  if (limits.length === 0) return;
  throw new ApiError(
    "validation_failed",
    `Outside the operator's limits for moderator tokens: ${limits.join(", ")}.`,
    { fields },
  );
}
