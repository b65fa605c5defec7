import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json } from "./fake-api.ts";
import { nestedThread, site } from "./fixtures.ts";
import { chunks, renderApp } from "./render-app.tsx";

const article = (id: string) => document.getElementById(`comment-${id}`) as HTMLElement;
const topForm = () => screen.getByRole("form", { name: "Leave a comment" });
const type = (form: HTMLElement, label: string, value: string) =>
  fireEvent.input(within(form).getByLabelText(label), { target: { value } });
const submit = (form: HTMLElement) =>
  fireEvent.click(within(form).getByRole("button", { name: "Post comment" }));
const posts = (api: Awaited<ReturnType<typeof renderApp>>) => api.calls.filter((c) => c.method === "POST");
const live = () => document.querySelector("[aria-live=polite].sr")?.textContent;

describe("retrying", () => {
  it("reuses the Idempotency-Key after a network error, and takes a new one for new text", async () => {
    const api = await renderApp(nestedThread());
    api.nextPost = () => Promise.reject(new TypeError("Failed to fetch"));
    type(topForm(), "Comment", "Hello");
    submit(topForm());
    await within(topForm()).findByRole("alert");
    submit(topForm());
    await waitFor(() => expect(article("new1")).toBeTruthy());
    const [first, retry] = posts(api).map((c) => c.headers.get("Idempotency-Key"));
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(retry).toBe(first);

    type(topForm(), "Comment", "Another");
    submit(topForm());
    await waitFor(() => expect(article("new2")).toBeTruthy());
    expect(posts(api)[2]?.headers.get("Idempotency-Key")).not.toBe(first);
  });

  it("takes a new key after the server refused, since nothing was stored", async () => {
    const api = await renderApp(nestedThread());
    api.nextPost = () => json(429, { error: { code: "rate_limited", message: "Slow down." } });
    type(topForm(), "Comment", "Hello");
    submit(topForm());
    await within(topForm()).findByRole("alert");
    submit(topForm());
    await waitFor(() => expect(article("new1")).toBeTruthy());
    const [a, b] = posts(api).map((c) => c.headers.get("Idempotency-Key"));
    expect(a).not.toBe(b);
  });
});

describe("what survives a reload", () => {
  it("keeps an unsent draft per page and per form, and forgets it once posted", async () => {
    await renderApp(nestedThread());
    type(topForm(), "Comment", "Half a thought");
    fireEvent.click(within(article("c1")).getByRole("button", { name: "Reply" }));
    const reply = await screen.findByRole("form", { name: "Reply to WomanVoter" });
    type(reply, "Comment", "A reply draft");
    cleanup();

    await renderApp(nestedThread());
    expect((within(topForm()).getByLabelText("Comment") as HTMLTextAreaElement).value).toBe("Half a thought");
    fireEvent.click(within(article("c1")).getByRole("button", { name: "Reply" }));
    const again = await screen.findByRole("form", { name: "Reply to WomanVoter" });
    expect((within(again).getByLabelText("Comment") as HTMLTextAreaElement).value).toBe("A reply draft");
    submit(topForm());
    await waitFor(() => expect(article("new1")).toBeTruthy());
    cleanup();

    // Another page has its own drafts; this page's posted one is gone.
    await renderApp(nestedThread(), { pageId: "other" });
    expect((within(topForm()).getByLabelText("Comment") as HTMLTextAreaElement).value).toBe("");
    cleanup();
    await renderApp(nestedThread());
    expect((within(topForm()).getByLabelText("Comment") as HTMLTextAreaElement).value).toBe("");
  });

  it("shows a comment held for moderation again after a reload, until it is approved", async () => {
    await renderApp(nestedThread(), {}, "all");
    type(topForm(), "Comment", "Held back");
    submit(topForm());
    await waitFor(() => expect(article("new1")).toBeTruthy());
    cleanup();

    await renderApp(nestedThread());
    expect(article("new1").textContent).toContain("Your comment is awaiting moderation.");
    expect(article("new1").textContent).toContain("Held back");
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("8 comments");
    cleanup();

    // Approved: the thread now has it, so the stored copy is dropped.
    const approved = nestedThread();
    approved.comments.push({ ...approved.comments[0], id: "new1", html: "<p>Held back</p>" } as never);
    await renderApp(approved);
    expect(document.querySelectorAll("#comment-new1")).toHaveLength(1);
    expect(localStorage.getItem("confab:pending:https://blog.example.com/2011/04/01/late-night/")).toBeNull();
  });
});

describe("own comments", () => {
  async function postOwn() {
    const api = await renderApp(nestedThread());
    type(topForm(), "Comment", "*Typo* here");
    submit(topForm());
    await waitFor(() => expect(article("new1")).toBeTruthy());
    return api;
  }

  it("keeps the edit token and the source, and edits with them", async () => {
    const api = await postOwn();
    const [own] = JSON.parse(localStorage.getItem("confab:own") ?? "[]");
    expect(own).toMatchObject({ id: "new1", editToken: "tok-new1", text: "*Typo* here" });
    api.routes["PATCH /api/v1/comments/new1"] = (call) =>
      json(200, {
        comment: {
          ...nestedThread().comments[0],
          id: "new1",
          html: "<p>Fixed</p>",
          editedAt: "2011-04-02T10:05:00.000Z",
        },
        text: call.body?.text,
      });
    fireEvent.click(within(article("new1")).getByRole("button", { name: "Edit" }));
    const form = await screen.findByRole("form", { name: "Edit" });
    const area = within(form).getByLabelText("Comment") as HTMLTextAreaElement;
    expect(area.value).toBe("*Typo* here");
    expect(document.activeElement).toBe(area);
    fireEvent.input(area, { target: { value: "Fixed" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(article("new1").querySelector(".body")?.textContent).toBe("Fixed"));
    const patch = api.calls.at(-1);
    expect(patch?.headers.get("Authorization")).toBe("Bearer tok-new1");
    expect(patch?.body).toEqual({ text: "Fixed" });
    expect(article("new1").textContent).toContain("(edited)");
    expect(live()).toBe("Your comment was updated.");
    expect(JSON.parse(localStorage.getItem("confab:own") ?? "[]")[0].text).toBe("Fixed");
  });

  it("shows an edit the site held as awaiting moderation, out of the count, and keeps it after a reload", async () => {
    const api = await postOwn();
    const heading = () => screen.getByRole("heading", { level: 2 }).textContent;
    const before = heading();
    api.routes["PATCH /api/v1/comments/new1"] = () =>
      json(200, {
        comment: { ...nestedThread().comments[0], id: "new1", html: "<p>50 links</p>", status: "pending" },
      });
    fireEvent.click(within(article("new1")).getByRole("button", { name: "Edit" }));
    const form = await screen.findByRole("form", { name: "Edit" });
    fireEvent.input(within(form).getByLabelText("Comment"), { target: { value: "50 links" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(article("new1").textContent).toContain("Your comment is awaiting moderation."),
    );
    expect(live()).toBe("Your comment is awaiting moderation.");
    const count = (text: string | null) => Number(text?.match(/\d+/)?.[0]);
    expect(count(heading())).toBe(count(before) - 1);
    const held = Object.keys(localStorage).filter((k) => k.startsWith("confab:pending:"));
    expect(held.map((k) => JSON.parse(localStorage.getItem(k) ?? "[]").map((c: any) => c.id))).toEqual([
      ["new1"],
    ]);
  });

  it("deletes after a confirming second press", async () => {
    const api = await postOwn();
    api.routes["DELETE /api/v1/comments/new1"] = () => new Response(null, { status: 204 });
    const del = within(article("new1")).getByRole("button", { name: "Delete" });
    fireEvent.click(del);
    expect(del.textContent).toBe("Really delete?");
    expect(api.calls.some((c) => c.method === "DELETE")).toBe(false);
    fireEvent.click(del);
    await waitFor(() => expect(document.getElementById("comment-new1")).toBeNull());
    expect(api.calls.at(-1)?.headers.get("Authorization")).toBe("Bearer tok-new1");
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("8 comments");
    expect(live()).toBe("Your comment was deleted.");
  });

  it("offers no edit once the window has closed, nor on others' comments", async () => {
    localStorage.setItem(
      "confab:own",
      JSON.stringify([{ id: "c1", editToken: "t", editableUntil: "2011-04-01T07:00:00.000Z", text: "x" }]),
    );
    await renderApp(nestedThread());
    expect(within(article("c1")).queryByRole("button", { name: "Edit" })).toBeNull();
    expect(within(article("c2")).queryByRole("button", { name: "Edit" })).toBeNull();
  });
});

describe("the form", () => {
  it("previews through the API in the Preview tab and passes the answer through the allowlist", async () => {
    const api = await renderApp(nestedThread());
    api.routes["POST /api/v1/preview"] = () =>
      json(200, { html: '<p><em>hi</em><img src=x onerror="alert(1)"></p>' });
    const preview = within(topForm()).getByRole("tab", { name: "Preview" });
    expect(preview.getAttribute("aria-selected")).toBe("false");
    type(topForm(), "Comment", "*hi*");
    fireEvent.click(preview);
    const panel = within(topForm()).getByRole("tabpanel", { name: "Preview" });
    await waitFor(() => expect(panel.querySelector(".body")?.innerHTML).toBe("<p><em>hi</em></p>"));
    expect(api.calls.at(-1)?.body).toEqual({ site: "demo", text: "*hi*" });
    expect(preview.getAttribute("aria-selected")).toBe("true");
  });

  it("loads the formatting help on demand", async () => {
    await renderApp(nestedThread());
    expect(chunks.requested.some((u) => u.includes("/i18n/"))).toBe(false);
    const details = topForm().querySelector("details") as HTMLDetailsElement;
    details.open = true;
    fireEvent(details, new Event("toggle"));
    await waitFor(() => expect(topForm().querySelectorAll(".help li").length).toBeGreaterThan(4));
    expect(chunks.requested).toContain("https://comments.example.com/i18n/en.js");
    expect(topForm().querySelector(".help")?.textContent).toContain("**bold**");
  });

  it("offers no reply notifications to a reader who is not signed in, even where the site sends them", async () => {
    // Reply mails go only to verified addresses: an anonymous tick would be ignored by the API.
    for (const notifyReplies of [false, true]) {
      const api = await renderApp({ ...nestedThread(), site: { ...site, notifyReplies } });
      expect(within(topForm()).queryByRole("checkbox")).toBeNull();
      type(topForm(), "Comment", "No box");
      submit(topForm());
      await waitFor(() => expect(article("new1")).toBeTruthy());
      expect(posts(api)[0]?.body).not.toHaveProperty("notifyReplies");
      cleanup();
    }
  });

  it("moves focus to the new comment and announces it", async () => {
    await renderApp(nestedThread());
    fireEvent.click(within(article("c2")).getByRole("button", { name: "Reply" }));
    const reply = await screen.findByRole("form", { name: "Reply to bostonboomer" });
    expect(document.activeElement).toBe(within(reply).getByLabelText("Comment"));
    type(reply, "Comment", "Answer");
    submit(reply);
    await waitFor(() => expect(document.activeElement).toBe(article("new1")));
    expect(live()).toBe("Your comment was posted.");
    expect(article("new1").tabIndex).toBe(-1);
  });
});
