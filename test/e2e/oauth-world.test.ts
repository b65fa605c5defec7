// The browser-test world's sign-in providers: the worker under `wrangler dev` is configured with
// the fake provider of global-setup.ts (test/fakes/oauth-provider.ts), and a sign-in runs through
// start, the provider and the callback as a popup's navigations would. (The widget's own popup
// flow in Chromium is the widget's browser test; this checks the world it relies on.)
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ADMIN_TOKEN } from "./global-setup.ts";

const SITE = "oauth-world";
const ORIGIN = "http://localhost:4321";

beforeAll(async () => {
  const res = await fetch(`${inject("workerUrl")}/api/v1/admin/sites`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      id: SITE,
      name: "OAuth world",
      origins: ["http://localhost:*"],
      signIn: ["github", "google", "oidc:acme"],
    }),
  });
  expect(res.status, await res.text()).toBe(201);
});

/** start → the provider's consent → the callback page; what its script posts, and to whom. */
async function signIn(provider: string) {
  const started = await fetch(
    `${inject("workerUrl")}/api/v1/auth/oauth/${provider}/start?site=${SITE}&origin=${encodeURIComponent(ORIGIN)}`,
    { redirect: "manual" },
  );
  expect(started.status).toBe(302);
  const consent = await fetch(started.headers.get("Location") ?? "", { redirect: "manual" });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get("Location") ?? "");
  expect(`${back.origin}${back.pathname}`).toBe(`${inject("workerUrl")}/api/v1/auth/oauth/callback`);
  const html = await (await fetch(back)).text();
  return {
    target: JSON.parse(html.match(/var target = (.+);\n/)?.[1] ?? "null"),
    message: JSON.parse(html.match(/var message = (.+);\n/)?.[1] ?? "null"),
  };
}

describe("sign-in providers in the browser-test world", () => {
  it("offers GitHub, Google and the OIDC issuer, and signs in through each", async () => {
    const thread = await fetch(`${inject("workerUrl")}/api/v1/threads?site=${SITE}&pageId=x`, {
      headers: { Origin: ORIGIN },
    });
    const site = ((await thread.json()) as { site: { signIn: { method: string }[] } }).site;
    expect(site.signIn.map((o) => o.method)).toEqual(["github", "google", "oidc:acme"]);
    for (const [provider, verified] of [
      ["github", "github"],
      ["google", "google"],
      ["acme", "oidc"],
    ] as const) {
      const { target, message } = await signIn(provider);
      expect(target).toBe(ORIGIN);
      expect(message).toMatchObject({ type: "confab:signin", identity: { verified, name: "Ada Lovelace" } });
      const me = await fetch(`${inject("workerUrl")}/api/v1/auth/me`, {
        headers: { Authorization: `Bearer ${message.token}`, Origin: ORIGIN },
      });
      expect(me.status).toBe(200);
    }
  });

  it("lets a test choose the next sign-in's user and misbehaviour through /__next", async () => {
    const next = (body: object) =>
      fetch(`${inject("oauthUrl")}/__next`, { method: "POST", body: JSON.stringify(body) });
    expect((await next({ user: { sub: "9001", name: "Grace Hopper" } })).status).toBe(204);
    expect((await signIn("github")).message.identity.name).toBe("Grace Hopper");
    await next({ misbehave: "wrong-audience" });
    expect((await signIn("acme")).message).toEqual({ type: "confab:signin-error", code: "invalid_code" });
  });
});
