// What the Webmention tests share: the fake source site (test/fakes/webmention-source.ts), a
// sender's POST through fetchApp without the queue binding (the verification runs after the
// answer and is done when fetchApp returns), and the page's thread as a reader reads it.
import { env } from "cloudflare:workers";
import { expect, inject } from "vitest";
import type { Bindings } from "../../worker/src/env.ts";
import { fetchApp } from "./app-fetch.ts";
import { ARTICLE, addSite, api, BLOG, forgetReads, getThread, RESET_SQL } from "./helpers.ts";

export const SOURCE = inject("mentionSourceUrl");
export const NO_QUEUE: Partial<Bindings> = { WEBMENTIONS: undefined };
/** Outside development (ENVIRONMENT unset), still without the queue. */
export const PRODUCTION: Partial<Bindings> = { WEBMENTIONS: undefined, ENVIRONMENT: undefined };
let n = 0;

/** Serves `body` (or a status, a redirect) at a fresh path of the source site; its URL. */
export async function page(
  body: string,
  opts: { status?: number; type?: string; location?: string; path?: string; latin1?: boolean } = {},
) {
  const path = opts.path ?? `/post-${Date.now()}-${n++}`;
  await fetch(`${SOURCE}/__pages${path}`, { method: "PUT", body: JSON.stringify({ body, ...opts }) });
  return `${SOURCE}${path}`;
}

export function send(form: Record<string, string>, vars: Partial<Bindings> = NO_QUEUE, query = "") {
  return fetchApp(
    `/api/v1/webmention${query}`,
    {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    },
    { vars },
  );
}

/** Sends a mention (202 expected) and reads its status once it was verified. */
export async function mention(source: string, target = ARTICLE, vars: Partial<Bindings> = NO_QUEUE) {
  const res = await send({ source, target }, vars);
  expect(res.status).toBe(202);
  const location = res.headers.get("Location") ?? "";
  const status = await (await api(new URL(location).pathname)).json();
  return { location, status: status as any };
}

export const thread = async () => (await getThread(`site=blog&url=${encodeURIComponent(ARTICLE)}`)).json;

/** The source site's log: the paths it was asked for, and what /huge could send. */
export const sourceLog = async () =>
  (await (await fetch(`${SOURCE}/__log`)).json()) as { log: string[]; hugeSent: number };

export async function freshSite(): Promise<void> {
  await env.DB.exec(RESET_SQL);
  await forgetReads("blog");
  await addSite("blog", [BLOG]);
}
