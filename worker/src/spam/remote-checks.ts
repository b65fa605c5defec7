// The checks that ask a third party, run after every local check has passed so a refused
// comment never spends a Turnstile token or an Akismet call.
import type { CreateCommentInput } from "../../../shared/schemas.ts";
import type { Site } from "../db/sites.ts";
import { commentCheck } from "../lib/akismet.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { verifyTurnstile } from "../lib/turnstile.ts";

export interface RemoteContext {
  ip: string | undefined;
  userAgent: string | undefined;
  turnstileUrl: string | undefined;
  akismet: { url: string | undefined; key: string } | null;
}

const hostnameOf = (origin: string) => origin.replace(/^https?:\/\//, "").replace(/:(\d+|\*)$/, "");

export async function remoteChecks(
  site: Site,
  turnstileSecret: string | null,
  input: CreateCommentInput,
  email: string | null,
  ctx: RemoteContext,
): Promise<{ holdReasons: string[] }> {
  if (turnstileSecret) {
    if (!input.turnstileToken) throw validationError({ turnstileToken: "required" });
    const verdict = await verifyTurnstile({
      url: ctx.turnstileUrl,
      secret: turnstileSecret,
      token: input.turnstileToken,
      ip: ctx.ip,
      hostnames: site.origins.map(hostnameOf),
    });
    if (!verdict.ok) {
      console.log(JSON.stringify({ site: site.id, refused: verdict.reason }));
      throw new ApiError("forbidden", "The anti-bot check failed. Please try again.");
    }
  }
  if (!ctx.akismet) return { holdReasons: [] };
  const verdict = await commentCheck(ctx.akismet.url, ctx.akismet.key, {
    blog: site.origins.find((o) => !o.endsWith(":*")) ?? site.origins[0] ?? "",
    permalink: input.url ?? null,
    userIp: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
    author: input.author?.name ?? "",
    email,
    website: input.author?.website || null,
    content: input.text,
  });
  if (verdict === "discard") throw new ApiError("forbidden", "This comment was refused as spam.");
  return { holdReasons: verdict === "spam" ? ["akismet: spam"] : [] };
}
