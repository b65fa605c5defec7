// Turnstile in the comment form, against a fake `window.turnstile` (turnstile-fake.ts): the script
// is asked for once per page, the challenge is drawn only for a site with a key, its token goes
// into the POST body and is replaced after every submission.
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { apiError } from "./fake-api.ts";
import { SITE_KEY, SRC, tidy, type World, world } from "./turnstile-fake.ts";

afterEach(tidy);

const inShadow = (host: HTMLElement) => within(host.shadowRoot as unknown as HTMLElement);
const topForm = (host: HTMLElement) => inShadow(host).getByRole("form", { name: "Leave a comment" });
const button = (form: HTMLElement) => form.querySelector("button[type=submit]") as HTMLButtonElement;
const type = (form: HTMLElement, text: string) =>
  fireEvent.input(within(form).getByLabelText("Comment"), { target: { value: text } });
const posts = (w: World) => w.api.calls.filter((c) => c.method === "POST");
const comment = (host: HTMLElement, id: string) => host.shadowRoot?.getElementById(`comment-${id}`);

describe("Turnstile in the comment form", () => {
  it("stays out of the way for a site without a key: no script, no challenge, no token sent", async () => {
    const w = await world(null);
    const { host } = await w.mount();
    const form = topForm(host);
    expect(button(form).disabled).toBe(false);
    type(form, "Hello without a challenge");
    fireEvent.click(button(form));
    await waitFor(() => expect(comment(host, "new1")).toBeTruthy());
    expect(posts(w)[0]?.body).not.toHaveProperty("turnstileToken");
    expect(form.querySelector(".challenge")).toBeNull();
    expect(w.turnstile.requested).toEqual([]);
    expect(w.turnstile.rendered).toEqual([]);
  });

  it("asks for api.js once for every form of every instance, and draws a challenge in each", async () => {
    const w = await world();
    // Every form asks while the script is still on its way.
    w.turnstile.held = true;
    const one = await w.mount({ pageId: "a", theme: "light" });
    const two = await w.mount({ pageId: "b", theme: "dark" });
    fireEvent.click(within(comment(one.host, "c3") as HTMLElement).getByRole("button", { name: "Reply" }));
    await waitFor(() => expect(one.host.shadowRoot?.querySelectorAll(".challenge")).toHaveLength(2));
    expect(w.turnstile.rendered).toHaveLength(0);
    w.turnstile.release();
    await waitFor(() => expect(w.turnstile.rendered).toHaveLength(3));
    expect(w.turnstile.requested).toEqual([SRC]);

    const forms = w.turnstile.rendered.map((r) => r.container.closest("form"));
    expect(new Set(forms).size).toBe(3);
    expect(forms.map((f) => f?.getAttribute("aria-label")).sort()).toEqual([
      "Leave a comment",
      "Leave a comment",
      "Reply to WomanVoter",
    ]);
    for (const r of w.turnstile.rendered) expect(r.options.sitekey).toBe(SITE_KEY);
    // The challenge takes the theme of the discussion it sits in.
    const themeIn = (host: HTMLElement) =>
      w.turnstile.rendered.filter((r) => host.shadowRoot?.contains(r.container)).map((r) => r.options.theme);
    expect(themeIn(one.host)).toEqual(["light", "light"]);
    expect(themeIn(two.host)).toEqual(["dark"]);
  });

  it("uses a Turnstile the page already loaded instead of adding a second script", async () => {
    const w = await world();
    Object.assign(window, { turnstile: w.turnstile.api });
    await w.mount();
    await waitFor(() => expect(w.turnstile.rendered).toHaveLength(1));
    expect(w.turnstile.requested).toEqual([]);
  });

  it("keeps Post disabled until solved, sends the token, and asks for a new one after each post", async () => {
    const w = await world();
    const { host } = await w.mount();
    const form = topForm(host);
    await waitFor(() => expect(w.turnstile.rendered).toHaveLength(1));
    type(form, "First, with a token");
    expect(button(form).disabled).toBe(true);
    fireEvent.submit(form); // Enter in a field: still nothing is sent without a token
    expect(posts(w)).toHaveLength(0);

    w.turnstile.solve(0, "token-1");
    await waitFor(() => expect(button(form).disabled).toBe(false));
    fireEvent.click(button(form));
    await waitFor(() => expect(comment(host, "new1")).toBeTruthy());
    expect(posts(w)[0]?.body?.turnstileToken).toBe("token-1");
    expect(w.turnstile.resets).toEqual(["widget-0"]);
    // The token is spent: no second post until Turnstile answers again.
    expect(button(form).disabled).toBe(true);

    type(form, "Second, with a fresh token");
    w.turnstile.solve(0, "token-2");
    await waitFor(() => expect(button(form).disabled).toBe(false));
    fireEvent.click(button(form));
    await waitFor(() => expect(comment(host, "new2")).toBeTruthy());
    expect(posts(w).map((p) => p.body?.turnstileToken)).toEqual(["token-1", "token-2"]);
    expect(w.turnstile.resets).toEqual(["widget-0", "widget-0"]);
  });

  it("shows the API's refusal of a token, keeps the text, and resets the challenge", async () => {
    const w = await world();
    const { host } = await w.mount();
    const form = topForm(host);
    await waitFor(() => expect(w.turnstile.rendered).toHaveLength(1));
    w.api.nextPost = () =>
      apiError(403, { code: "forbidden", message: "The anti-bot check failed. Please try again." });
    type(form, "Refused once");
    w.turnstile.solve(0, "bad-token");
    await waitFor(() => expect(button(form).disabled).toBe(false));
    fireEvent.click(button(form));

    const alert = await within(form).findByRole("alert");
    // By its code: forbidden is also a ban or a spam refusal, so the text says no more than that.
    expect(alert.textContent).toBe("This site did not accept this.");
    expect((within(form).getByLabelText("Comment") as HTMLTextAreaElement).value).toBe("Refused once");
    expect(w.turnstile.resets).toEqual(["widget-0"]);
    expect(button(form).disabled).toBe(true);
  });

  it("removes a form's challenge when the form goes away", async () => {
    const w = await world();
    const { host, destroy } = await w.mount();
    fireEvent.click(within(comment(host, "c3") as HTMLElement).getByRole("button", { name: "Reply" }));
    await waitFor(() => expect(w.turnstile.rendered).toHaveLength(2));
    const reply = inShadow(host).getByRole("form", { name: "Reply to WomanVoter" });
    fireEvent.click(within(reply).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(w.turnstile.removed).toEqual(["widget-1"]));
    destroy();
    await waitFor(() => expect(w.turnstile.removed).toEqual(["widget-1", "widget-0"]));
  });
});
