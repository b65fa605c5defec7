// Signing in from the comment form (signin.js, loaded on demand): the email code, providers
// through a popup, the signed-in form posting with the session, the reader's comments editable by
// their identity, signing out, sites that take only signed-in comments, and what a page load does
// (a link's token in the fragment, a stored session revoked, SSO).
import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import type { PublicSite, ThreadResponse } from "../../shared/types.ts";
import { optionsFromScript, resolveOptions } from "../../widget/src/options.ts";
import { apiError, type FakeApi, json } from "./fake-api.ts";
import { openSession, ownByIdentity, reader } from "./fake-auth.ts";
import { comment, nestedThread, site } from "./fixtures.ts";
import { chunks, options, renderApp } from "./render-app.tsx";

const SIGNIN = `${options.assets}signin.js`;
const STORED = `confab:session:${options.api}:demo`;
const topForm = () => screen.getByRole("form", { name: "Leave a comment" });
const article = (id: string) => document.getElementById(`comment-${id}`) as HTMLElement;
const live = () => document.querySelector("[aria-live=polite].sr")?.textContent;
const dialog = () => screen.findByRole("dialog", { name: "Sign in to comment" });
const withSite = (over: Partial<PublicSite>, thread: ThreadResponse = nestedThread()) => ({
  ...thread,
  site: { ...site, ...over },
});

/** The address of the page the widget is on (happy-dom's), which the email link brings the reader back to. */
const HERE = location.href;
afterEach(() => history.replaceState(null, "", HERE));

/** GET /auth/me, answering for `token` only. */
const me = (token: string, identity = reader()) => ({
  "GET /api/v1/auth/me": (call: { headers: Headers }) =>
    call.headers.get("Authorization") === `Bearer ${token}`
      ? json(200, { identity, expiresAt: new Date(Date.now() + 86_400_000).toISOString() })
      : apiError(401, { code: "unauthorized", message: "Sign in again." }),
});

/** Signs in with the email code through the panel, as a reader would; answers the fake API. */
async function signInByEmail(thread = nestedThread()): Promise<FakeApi> {
  const api = await renderApp(thread);
  fireEvent.click(within(topForm()).getByRole("button", { name: "Sign in" }));
  const panel = await dialog();
  const email = within(panel).getByLabelText("Your email");
  fireEvent.input(email, { target: { value: "ann@example.com" } });
  fireEvent.click(within(panel).getByRole("button", { name: "Send code" }));
  const code = await within(panel).findByLabelText("Code from the email");
  fireEvent.input(code, { target: { value: api.mails.at(-1)?.code } });
  fireEvent.click(within(panel).getByRole("button", { name: "Sign in" }));
  await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  await within(topForm()).findByRole("group", { name: "Your sign-in" });
  await waitFor(() =>
    expect((within(topForm()).getByLabelText(/^Name/) as HTMLInputElement).value).not.toBe(""),
  );
  return api;
}

describe("loading", () => {
  it("offers sign-in in the form but loads signin.js only once the reader opens it", async () => {
    await renderApp(nestedThread());
    expect(within(topForm()).getByRole("button", { name: "Sign in" }).getAttribute("aria-expanded")).toBe(
      "false",
    );
    expect(chunks.requested).not.toContain(SIGNIN);
    fireEvent.click(within(topForm()).getByRole("button", { name: "Sign in" }));
    expect(await dialog()).toBeTruthy();
    expect(chunks.requested.filter((src) => src === SIGNIN)).toHaveLength(1);
  });

  it("offers no sign-in when the site offers no method", async () => {
    await renderApp(withSite({ signIn: [] }));
    expect(within(topForm()).queryByRole("button", { name: "Sign in" })).toBeNull();
    expect(chunks.requested).not.toContain(SIGNIN);
  });
});

describe("the email code", () => {
  it("mails a code for this page, then signs in with it, and the form takes the identity", async () => {
    const api = await renderApp(nestedThread());
    const open = within(topForm()).getByRole("button", { name: "Sign in" });
    fireEvent.click(open);
    const panel = await dialog();
    const email = within(panel).getByLabelText("Your email");
    // Focus moves into the panel.
    await waitFor(() => expect(document.activeElement).toBe(email));
    fireEvent.input(email, { target: { value: "ann@example.com" } });
    fireEvent.click(within(panel).getByRole("button", { name: "Send code" }));
    const code = await within(panel).findByLabelText("Code from the email");
    expect(api.calls.find((c) => c.url.pathname === "/api/v1/auth/email")?.body).toEqual({
      site: "demo",
      email: "ann@example.com",
      url: HERE,
    });
    expect(within(panel).getByRole("status").textContent).toBe(
      "We sent a 6-digit code to ann@example.com. It is valid for 10 minutes.",
    );
    await waitFor(() => expect(document.activeElement).toBe(code));

    // A wrong code is said, in the panel, and the reader may try again.
    fireEvent.input(code, { target: { value: "999999" } });
    fireEvent.click(within(panel).getByRole("button", { name: "Sign in" }));
    expect((await within(panel).findByRole("alert")).textContent).toBe(
      "This code is wrong or has expired. Check the email, or ask for a new code.",
    );
    fireEvent.input(code, { target: { value: api.mails[0]?.code } });
    fireEvent.click(within(panel).getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    const form = topForm();
    // An email code proves the address, not a name: the reader still types the one they go by,
    // starting from the identity's.
    await waitFor(() =>
      expect((within(form).getByLabelText(/^Name/) as HTMLInputElement).value).toBe("Ann Reader"),
    );
    expect(within(form).queryByLabelText(/^Email/)).toBeNull();
    expect(within(form).getByLabelText(/^Website/)).toBeTruthy();
    const account = await within(form).findByRole("group", { name: "Your sign-in" });
    expect(account.textContent).toContain("Ann Reader");
    expect(account.textContent).toContain("verified email");
    expect(live()).toBe("Signed in as Ann Reader");
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText("Comment")));
    expect(JSON.parse(localStorage.getItem(STORED) ?? "null")).toMatchObject({
      token: expect.stringMatching(/^session-/),
      identity: { name: "Ann Reader", verified: "email" },
    });
  });

  it("goes back to the address from the code, and Escape closes the panel with focus back on Sign in", async () => {
    await renderApp(nestedThread());
    const open = within(topForm()).getByRole("button", { name: "Sign in" });
    fireEvent.click(open);
    const panel = await dialog();
    fireEvent.input(within(panel).getByLabelText("Your email"), { target: { value: "ann@example.com" } });
    fireEvent.click(within(panel).getByRole("button", { name: "Send code" }));
    fireEvent.click(await within(panel).findByRole("button", { name: "Use another email" }));
    const email = within(panel).getByLabelText("Your email") as HTMLInputElement;
    expect(email.value).toBe("ann@example.com");
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(open.getAttribute("aria-expanded")).toBe("true");
    fireEvent.keyDown(email, { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(document.activeElement).toBe(within(topForm()).getByRole("button", { name: "Sign in" }));
    expect(localStorage.getItem(STORED)).toBeNull();
  });

  it("says what went wrong sending the code, in the reader's language", async () => {
    const api = await renderApp(nestedThread(), { lang: "de" });
    api.routes["POST /api/v1/auth/email"] = () =>
      apiError(429, { code: "rate_limited", message: "Too many codes." });
    fireEvent.click(
      within(screen.getByRole("form", { name: "Kommentar schreiben" })).getByRole("button", {
        name: "Anmelden",
      }),
    );
    const panel = await screen.findByRole("dialog", { name: "Zum Kommentieren anmelden" });
    fireEvent.input(within(panel).getByLabelText("Deine E-Mail-Adresse"), {
      target: { value: "a@b.example" },
    });
    fireEvent.click(within(panel).getByRole("button", { name: "Code senden" }));
    expect((await within(panel).findByRole("alert")).textContent).toBe(
      "Zu viele Versuche in kurzer Zeit. Bitte warte einen Moment und versuche es erneut.",
    );
    expect(within(panel).getByLabelText("Deine E-Mail-Adresse")).toBeTruthy();
  });
});

describe("signed in", () => {
  it("posts with the session: the identity is the author, with no email typed", async () => {
    const api = await signInByEmail();
    const form = topForm();
    fireEvent.input(within(form).getByLabelText(/^Name/), { target: { value: "Ann R." } });
    fireEvent.input(within(form).getByLabelText("Comment"), { target: { value: "Verified words" } });
    fireEvent.click(within(form).getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(article("new1")).toBeTruthy());
    const post = api.calls.find((c) => c.method === "POST" && c.url.pathname === "/api/v1/comments");
    const token = JSON.parse(localStorage.getItem(STORED) ?? "{}").token;
    expect(post?.headers.get("Authorization")).toBe(`Bearer ${token}`);
    expect(post?.body?.author).toEqual({ name: "Ann R.", email: "ann@example.com", website: "" });
    expect(article("new1").querySelector(".name")?.textContent).toBe("Ann Reader");
  });

  it("edits and deletes the reader's own verified comment with the session, on a device that never posted it", async () => {
    const mine = comment("v1", null, "Ann Reader", "<p>First line</p><p>Second <em>line</em></p>", {
      createdAt: new Date(Date.now() - 60_000).toISOString(),
      author: { name: "Ann Reader", website: null, avatar: "idav1", isModerator: false, verified: "email" },
    });
    const other = comment("v2", null, "Bob", "<p>Not yours</p>", {
      createdAt: new Date().toISOString(),
      author: { name: "Bob", website: null, avatar: "idav2", isModerator: false, verified: "github" },
    });
    const thread = { ...nestedThread(), comments: [mine, other] };
    let api = await renderApp(thread);
    // Not signed in, nothing to change: this browser never posted it.
    expect(within(article("v1")).queryByRole("button", { name: "Edit" })).toBeNull();
    document.body.innerHTML = "";

    // Signed in (on this device, by any method) as the identity that posted it.
    const session = {
      token: "tok-ann",
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      identity: reader(),
    };
    localStorage.setItem(STORED, JSON.stringify(session));
    api = await renderApp(thread, {}, undefined, { ...me("tok-ann"), ...ownByIdentity(mine, "tok-ann") });

    fireEvent.click(await within(article("v1")).findByRole("button", { name: "Edit" }));
    expect(within(article("v2")).queryByRole("button", { name: "Edit" })).toBeNull();
    const editor = await screen.findByRole("form", { name: "Edit" });
    const area = within(editor).getByLabelText("Comment") as HTMLTextAreaElement;
    expect(area.value).toBe("First line\n\nSecond line");
    fireEvent.input(area, { target: { value: "Edited here" } });
    fireEvent.click(within(editor).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(article("v1").querySelector(".body")?.textContent).toBe("Edited here"));
    const patch = api.calls.find((c) => c.method === "PATCH");
    expect(patch?.headers.get("Authorization")).toBe(`Bearer ${session.token}`);

    const del = within(article("v1")).getByRole("button", { name: "Delete" });
    fireEvent.click(del);
    fireEvent.click(del);
    await waitFor(() => expect(document.getElementById("comment-v1")).toBeNull());
    expect(api.calls.find((c) => c.method === "DELETE")?.headers.get("Authorization")).toBe(
      `Bearer ${session.token}`,
    );
  });

  it("signs out: the session ends on the server and here, and the name fields come back", async () => {
    const api = await signInByEmail();
    const token = JSON.parse(localStorage.getItem(STORED) ?? "{}").token;
    const account = await within(topForm()).findByRole("group", { name: "Your sign-in" });
    fireEvent.click(within(account).getByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(within(topForm()).getByLabelText(/^Email/)).toBeTruthy());
    const out = api.calls.find((c) => c.method === "DELETE" && c.url.pathname === "/api/v1/auth/session");
    expect(out?.headers.get("Authorization")).toBe(`Bearer ${token}`);
    expect(api.sessions.has(token)).toBe(false);
    expect(localStorage.getItem(STORED)).toBeNull();
    expect(live()).toBe("You are signed out.");
    expect(within(topForm()).getByRole("button", { name: "Sign in" })).toBeTruthy();
  });

  it("forgets a session the server ended while posting, and says so", async () => {
    const api = await signInByEmail();
    api.sessions.clear(); // revoked from the dashboard
    fireEvent.input(within(topForm()).getByLabelText("Comment"), { target: { value: "Hello" } });
    fireEvent.click(within(topForm()).getByRole("button", { name: "Post comment" }));
    expect((await within(topForm()).findByRole("alert")).textContent).toBe(
      "Your sign-in has ended. Sign in again, or post without signing in.",
    );
    expect(localStorage.getItem(STORED)).toBeNull();
    expect(within(topForm()).getByLabelText(/^Email/)).toBeTruthy();
    expect((within(topForm()).getByLabelText("Comment") as HTMLTextAreaElement).value).toBe("Hello");
  });
});

describe("sites that ask for sign-in", () => {
  it("offers sign-in instead of Post on a site that takes only signed-in comments", async () => {
    await renderApp(withSite({ posting: "verified" }));
    const form = topForm();
    expect(within(form).queryByRole("button", { name: "Post comment" })).toBeNull();
    expect(within(form).queryByLabelText(/^Name/)).toBeNull();
    expect(form.textContent).toContain("This site asks readers to sign in before they comment.");
    fireEvent.click(within(form).getByRole("button", { name: "Sign in" }));
    expect(await dialog()).toBeTruthy();
  });

  it("turns to sign-in when the server answers sign_in_required, keeping the text", async () => {
    const api = await renderApp(nestedThread(), { lang: "fr" });
    api.nextPost = () => apiError(401, { code: "sign_in_required", message: "Sign in to comment." });
    const form = screen.getByRole("form", { name: "Laisser un commentaire" });
    fireEvent.input(within(form).getByLabelText("Commentaire"), { target: { value: "Bonjour" } });
    fireEvent.click(within(form).getByRole("button", { name: "Publier" }));
    expect((await within(form).findByRole("alert")).textContent).toBe(
      "Ce site demande aux lecteurs de se connecter avant de commenter.",
    );
    expect(within(form).queryByRole("button", { name: "Publier" })).toBeNull();
    expect(within(form).getByRole("button", { name: "Se connecter" }).className).toBe("primary");
    expect((within(form).getByLabelText("Commentaire") as HTMLTextAreaElement).value).toBe("Bonjour");
  });

  it("explains a reserved name and marks the name field (Spanish)", async () => {
    const api = await renderApp(nestedThread(), { lang: "es" });
    api.nextPost = () => apiError(403, { code: "name_reserved", message: "This name is reserved." });
    const form = screen.getByRole("form", { name: "Deja un comentario" });
    fireEvent.input(within(form).getByLabelText(/^Nombre/), { target: { value: "The Owner" } });
    fireEvent.input(within(form).getByLabelText("Comentario"), { target: { value: "Hola" } });
    fireEvent.click(within(form).getByRole("button", { name: "Publicar comentario" }));
    expect((await within(form).findByRole("alert")).textContent).toBe(
      "Este nombre está reservado en este sitio. Inicia sesión como su titular o elige otro nombre.",
    );
    expect(
      within(form)
        .getByLabelText(/^Nombre/)
        .getAttribute("aria-invalid"),
    ).toBe("true");
  });
});

describe("providers", () => {
  it("opens the provider in a popup and signs in from its message, from the API's origin only", async () => {
    const opened: string[] = [];
    const popup = { closed: false } as Window;
    const realOpen = window.open;
    window.open = ((url: string) => {
      opened.push(url);
      return popup;
    }) as typeof window.open;
    try {
      const api = await renderApp(
        withSite({
          signIn: [
            { method: "github", label: "GitHub" },
            { method: "oidc:corp", label: "Corp SSO" },
          ],
        }),
      );
      fireEvent.click(within(topForm()).getByRole("button", { name: "Sign in" }));
      const panel = await dialog();
      expect(within(panel).queryByLabelText("Your email")).toBeNull();
      fireEvent.click(within(panel).getByRole("button", { name: "Continue with Corp SSO" }));
      const start = new URL(opened[0] ?? "");
      expect(`${start.origin}${start.pathname}`).toBe(`${options.api}/api/v1/auth/oauth/corp/start`);
      expect(start.searchParams.get("site")).toBe("demo");
      expect(start.searchParams.get("origin")).toBe(location.origin);
      expect(within(panel).getByRole("status").textContent).toBe("Continue in the window that opened.");

      const answer = {
        type: "confab:signin",
        ...openSession(api, reader({ name: "Corp User", verified: "oidc" })),
      };
      // Another origin, or another window, cannot sign the reader in.
      dispatchEvent(
        new MessageEvent("message", { data: answer, origin: "https://evil.example", source: popup }),
      );
      dispatchEvent(new MessageEvent("message", { data: answer, origin: options.api, source: window }));
      expect(screen.queryByRole("dialog")).toBeTruthy();
      dispatchEvent(
        new MessageEvent("message", {
          data: { type: "confab:signin-error", code: "invalid_code" },
          origin: options.api,
          source: popup,
        }),
      );
      expect((await within(panel).findByRole("alert")).textContent).toBe(
        "This code is wrong or has expired. Check the email, or ask for a new code.",
      );
      dispatchEvent(new MessageEvent("message", { data: answer, origin: options.api, source: popup }));
      await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
      expect((await within(topForm()).findByRole("group", { name: "Your sign-in" })).textContent).toContain(
        "Corp User",
      );
      // The provider names the reader: no name or email to type.
      expect(within(topForm()).queryByLabelText(/^Name/)).toBeNull();
      expect(within(topForm()).queryByLabelText(/^Email/)).toBeNull();
    } finally {
      window.open = realOpen;
    }
  });

  it("says so when the popup is blocked", async () => {
    const realOpen = window.open;
    window.open = (() => null) as typeof window.open;
    try {
      await renderApp(withSite({ signIn: [{ method: "github", label: "GitHub" }] }));
      fireEvent.click(within(topForm()).getByRole("button", { name: "Sign in" }));
      const panel = await dialog();
      fireEvent.click(within(panel).getByRole("button", { name: "Continue with GitHub" }));
      expect((await within(panel).findByRole("alert")).textContent).toBe(
        "The sign-in window was blocked. Allow pop-ups for this page and try again.",
      );
    } finally {
      window.open = realOpen;
    }
  });
});

describe("on page load", () => {
  it("reads data-sso from the script tag", () => {
    const script = document.createElement("script");
    script.dataset.site = "demo";
    script.dataset.sso = "payload.signature";
    expect(resolveOptions(optionsFromScript(script), options.api).sso).toBe("payload.signature");
  });

  it("shows the address of an email identity that has no name yet", async () => {
    const nameless = reader({ name: "" });
    const session = {
      token: "tok-new",
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      identity: nameless,
    };
    localStorage.setItem(STORED, JSON.stringify(session));
    await renderApp(nestedThread(), {}, undefined, me("tok-new", nameless));
    const account = await within(topForm()).findByRole("group", { name: "Your sign-in" });
    expect(account.querySelector(".name")?.textContent).toBe("ann@example.com");
    expect((within(topForm()).getByLabelText(/^Name/) as HTMLInputElement).value).toBe("");
  });

  it("takes the token an email link put in the fragment, drops the fragment, and asks who it is", async () => {
    history.replaceState(null, "", `${HERE}#confab-signin=frag-token`);
    await renderApp(nestedThread(), {}, undefined, me("frag-token"));
    const account = await within(topForm()).findByRole("group", { name: "Your sign-in" });
    expect(account.textContent).toContain("Ann Reader");
    expect(location.href).toBe(HERE);
    expect(JSON.parse(localStorage.getItem(STORED) ?? "{}").token).toBe("frag-token");
  });

  it("checks a stored session and forgets it once the server has ended it", async () => {
    const session = {
      token: "old",
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      identity: reader(),
    };
    localStorage.setItem(STORED, JSON.stringify(session));
    const api = await renderApp(nestedThread(), {}, undefined, me("another"));
    await waitFor(() => expect(within(topForm()).getByLabelText(/^Email/)).toBeTruthy());
    expect(localStorage.getItem(STORED)).toBeNull();
    expect(api.calls.find((c) => c.url.pathname === "/api/v1/auth/me")?.headers.get("Authorization")).toBe(
      "Bearer old",
    );
  });

  it("ignores an expired stored session without asking the server", async () => {
    const session = {
      token: "old",
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      identity: reader(),
    };
    localStorage.setItem(STORED, JSON.stringify(session));
    const api = await renderApp(nestedThread());
    expect(within(topForm()).getByLabelText(/^Email/)).toBeTruthy();
    expect(api.calls.some((c) => c.url.pathname.startsWith("/api/v1/auth/"))).toBe(false);
  });

  it("exchanges the site's SSO payload once, then keeps the session it gave", async () => {
    const sso = "eyJpZCI6IjQyIn0.c2ln";
    const routes = {
      "POST /api/v1/auth/sso": (call: { body?: unknown }) =>
        (call.body as { sso?: string }).sso === sso
          ? json(200, {
              ...openSessionFor("sso-token"),
              identity: reader({ name: "Site User", verified: "sso" }),
            })
          : apiError(401, { code: "unauthorized", message: "Bad SSO payload." }),
      ...me("sso-token", reader({ name: "Site User", verified: "sso" })),
    };
    let api = await renderApp(nestedThread(), { sso }, undefined, routes);
    const account = await within(topForm()).findByRole("group", { name: "Your sign-in" });
    expect(account.textContent).toContain("Site User");
    expect(account.textContent).toContain("via this site");
    expect(within(topForm()).queryByLabelText(/^Name/)).toBeNull();
    expect(api.calls.find((c) => c.url.pathname === "/api/v1/auth/sso")?.body).toEqual({ site: "demo", sso });
    document.body.innerHTML = "";

    // The next page with the same payload reuses the session rather than opening another.
    api = await renderApp(nestedThread(), { sso }, undefined, routes);
    await waitFor(() => expect(api.calls.some((c) => c.url.pathname === "/api/v1/auth/me")).toBe(true));
    expect(api.calls.some((c) => c.url.pathname === "/api/v1/auth/sso")).toBe(false);
  });
});

const openSessionFor = (token: string) => ({
  token,
  expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
});
