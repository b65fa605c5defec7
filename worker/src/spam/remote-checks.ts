// The checks that ask a third party, run after every local check has passed and the rate-limit
// slot is taken, so a refused comment never spends a Turnstile token or an Akismet call.
import type { Site } from "../db/sites.ts";
import { blogOf, commentCheck } from "../lib/akismet.ts";
import { ApiError, validationError } from "../lib/api-error.ts";
import { verifyTurnstile } from "../lib/turnstile.ts";

export interface RemoteContext {
  ip: string | undefined;
  userAgent: string | undefined;
  turnstileUrl: string | undefined;
  akismet: { url: string | undefined; key: string } | null;
}

/** What is judged: a new comment (with its Turnstile token) or an author's edit. */
export interface RemoteSubject {
  kind: "post" | "edit";
  text: string;
  authorName: string;
  email: string | null;
  website: string | null;
  pageUrl: string | null;
  turnstileToken?: string | null;
}

const hostnameOf = (origin: string) => origin.replace(/^https?:\/\//, "").replace(/:(\d+|\*)$/, "");

async function turnstile(site: Site, secret: string, token: string | null | undefined, ctx: RemoteContext) {
  if (!token) throw validationError({ turnstileToken: "required" });
  const verdict = await verifyTurnstile({
    url: ctx.turnstileUrl,
    secret,
    token,
    ip: ctx.ip,
    hostnames: site.origins.map(hostnameOf),
  });
  if (!verdict.ok) {
    console.log(JSON.stringify({ site: site.id, refused: verdict.reason }));
    throw new ApiError("forbidden", "The anti-bot check failed. Please try again.");
  }
}

/** Hold reasons from the third parties (stored as they are); a refusal throws. */
export async function remoteChecks(
  site: Site,
  turnstileSecret: string | null,
  subject: RemoteSubject,
  ctx: RemoteContext,
): Promise<string[]> {
  // An edit carries no Turnstile token: its author proved themselves when posting (edit token).
  if (turnstileSecret && subject.kind === "post")
    await turnstile(site, turnstileSecret, subject.turnstileToken, ctx);
  if (!ctx.akismet) return [];
  const verdict = await commentCheck(ctx.akismet.url, ctx.akismet.key, {
    blog: blogOf(site.origins),
    permalink: subject.pageUrl,
    userIp: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
    author: subject.authorName,
    email: subject.email,
    website: subject.website,
    content: subject.text,
    recheckReason: subject.kind === "edit" ? "edit" : null,
  });
  if (verdict === "discard") throw new ApiError("forbidden", "This comment was refused as spam.");
  return verdict === "spam" ? ["spam check: akismet: spam"] : [];
}
