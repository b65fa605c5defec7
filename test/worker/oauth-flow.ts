// Drives an OAuth sign-in as the popup's browser would: the worker's start redirect, the fake
// provider's authorization endpoint (oauth-provider.ts, chosen user and misbehaviour in its URL),
// and the worker's callback page, whose script is read back as data.
import { inject } from "vitest";
import type { FakeUser, Misbehaviour } from "../fakes/fixtures.ts";
import { api, BLOG } from "./helpers.ts";

export const OAUTH = inject("oauthUrl");

export function start(provider: string, query: Record<string, string> = { site: "blog", origin: BLOG }) {
  return api(`/api/v1/auth/oauth/${provider}/start?${new URLSearchParams(query)}`, { redirect: "manual" });
}

/** The provider's answer to its authorization URL: the redirect back to the worker's callback. */
export async function authorize(location: string, fake: { user?: FakeUser; misbehave?: Misbehaviour } = {}) {
  const url = new URL(location);
  if (fake.user) url.searchParams.set("fake_user", JSON.stringify(fake.user));
  if (fake.misbehave) url.searchParams.set("fake_misbehave", fake.misbehave);
  const res = await fetch(url, { redirect: "manual" });
  const back = res.headers.get("Location");
  if (res.status !== 302 || !back) throw new Error(`authorize: ${res.status} ${await res.text()}`);
  return new URL(back);
}

export function callback(back: URL) {
  return api(`${back.pathname}${back.search}`);
}

/** What the callback page's script would post, and to whom; null when the page has no script. */
export function posted(html: string): { target: string; message: Record<string, any> } | null {
  const target = html.match(/var target = (.+);\n/)?.[1];
  const message = html.match(/var message = (.+);\n/)?.[1];
  if (!target || !message) return null;
  return { target: JSON.parse(target), message: JSON.parse(message) };
}

/** A whole sign-in: start, provider, callback; the callback's response and page. */
export async function signInWith(
  provider: string,
  fake: { user?: FakeUser; misbehave?: Misbehaviour } = {},
  query: Record<string, string> = { site: "blog", origin: BLOG },
) {
  const started = await start(provider, query);
  const location = started.headers.get("Location");
  if (started.status !== 302 || !location)
    throw new Error(`start: ${started.status} ${await started.text()}`);
  const res = await callback(await authorize(location, fake));
  const html = await res.text();
  return { res, html, post: posted(html) };
}
