// The reactions bar of the page and of each comment (write/reactions.tsx), against the fake API's
// reaction contract: buttons named for screen readers with their counts, pressed for the reader's
// own, toggled with the keyboard, remembered in this browser, translated.
import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { READER_ID_PATTERN } from "../../shared/limits.ts";
import { apiError } from "./fake-api.ts";
import { comment, nestedThread, site, threadOf } from "./fixtures.ts";
import { renderApp } from "./render-app.tsx";

const article = (id: string) => document.getElementById(`comment-${id}`) as HTMLElement;
const pageBar = () => screen.getByRole("group", { name: "Reactions to this page" });
const commentBar = (id: string) =>
  within(article(id)).getByRole("group", { name: "Reactions to this comment" });

describe("the reactions bar", () => {
  it("shows the site's emoji in order with their counts, named for screen readers", async () => {
    const thread = nestedThread();
    thread.thread.reactions = { "🎉": 3 };
    thread.comments[0] = {
      ...(thread.comments[0] as (typeof thread.comments)[0]),
      reactions: { "👍": 1, "❤️": 2 },
    };
    await renderApp(thread);
    const page = within(pageBar()).getAllByRole("button");
    expect(page.map((b) => b.getAttribute("aria-label"))).toEqual([
      "React with 👍",
      "React with ❤️",
      "React with 😄",
      "React with 🎉, 3 reactions",
      "React with 😮",
      "React with 🤔",
    ]);
    expect(page.map((b) => b.textContent)).toEqual(["👍", "❤️", "😄", "🎉3", "😮", "🤔"]);
    expect(page.every((b) => b.getAttribute("aria-pressed") === "false")).toBe(true);
    const c1 = within(commentBar("c1")).getAllByRole("button");
    expect(c1.slice(0, 2).map((b) => b.getAttribute("aria-label"))).toEqual([
      "React with 👍, 1 reaction",
      "React with ❤️, 2 reactions",
    ]);
  });

  it("reacts to the page and takes it back, by keyboard, and remembers it in this browser", async () => {
    const api = await renderApp(nestedThread());
    const party = within(pageBar()).getByRole("button", { name: "React with 🎉" });
    party.focus();
    // A button's Enter and Space are the browser's click; what matters is a real <button>.
    expect(party.tagName).toBe("BUTTON");
    expect(party.getAttribute("type")).toBe("button");
    fireEvent.click(party);
    await waitFor(() => expect(party.getAttribute("aria-pressed")).toBe("true"));
    expect(party.getAttribute("aria-label")).toBe("React with 🎉, 1 reaction");
    const call = api.calls.at(-1);
    expect(call?.method).toBe("POST");
    expect(call?.url.pathname).toBe("/api/v1/reactions");
    expect(call?.body).toMatchObject({ site: "demo", url: nestedThread().thread.url, emoji: "🎉" });
    expect(call?.body?.commentId).toBeUndefined();
    expect(READER_ID_PATTERN.test(String(call?.body?.reader))).toBe(true);
    expect(Object.values(JSON.parse(localStorage.getItem("confab:reacted") ?? "{}"))).toEqual([["🎉"]]);

    fireEvent.click(party);
    await waitFor(() => expect(party.getAttribute("aria-pressed")).toBe("false"));
    expect(api.calls.at(-1)?.method).toBe("DELETE");
    expect(party.getAttribute("aria-label")).toBe("React with 🎉");
    expect(JSON.parse(localStorage.getItem("confab:reacted") ?? "{}")).toEqual({});
  });

  it("shows a comment's own emoji, the others behind React, and reacts to that comment alone", async () => {
    const api = await renderApp(nestedThread());
    const bar = commentBar("c2");
    expect(
      within(bar)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["React"]);
    fireEvent.click(within(bar).getByRole("button", { name: "React" }));
    const surprised = await within(bar).findByRole("button", { name: "React with 😮" });
    expect(within(bar).getAllByRole("button")).toHaveLength(6);
    // The button that was clicked is gone: focus went on to the first emoji, not to the page.
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toBe("React with 👍"));
    fireEvent.click(surprised);
    const pressed = () => document.querySelectorAll('.reaction[aria-pressed="true"]');
    await waitFor(() => expect(pressed()).toHaveLength(1));
    expect(within(commentBar("c2")).getByRole("button", { name: "React with 😮, 1 reaction" })).toBeTruthy();
    expect(api.calls.at(-1)?.body).toMatchObject({ site: "demo", commentId: "c2", emoji: "😮" });
    expect(within(pageBar()).queryAllByRole("button", { pressed: true })).toHaveLength(0);
    expect(JSON.parse(localStorage.getItem("confab:reacted") ?? "{}")).toEqual({ c2: ["😮"] });
  });

  it("shows a reaction made on an earlier visit as pressed", async () => {
    localStorage.setItem("confab:reacted", JSON.stringify({ c1: ["❤️"] }));
    await renderApp(nestedThread());
    expect(
      within(commentBar("c1")).getByRole("button", { name: "React with ❤️" }).getAttribute("aria-pressed"),
    ).toBe("true");
    expect(within(commentBar("c3")).queryByRole("button", { name: "React with ❤️" })).toBeNull();
  });

  it("says why a reaction failed, and changes nothing", async () => {
    const api = await renderApp(nestedThread());
    api.routes["POST /api/v1/reactions"] = () =>
      apiError(429, { code: "rate_limited", message: "Too many reactions." });
    const like = within(pageBar()).getByRole("button", { name: "React with 👍" });
    fireEvent.click(like);
    expect(await within(pageBar()).findByRole("alert")).toBeTruthy();
    expect(like.getAttribute("aria-pressed")).toBe("false");
  });

  it("is absent when the site chose no reactions", async () => {
    const thread = threadOf([comment("a", null, "Ann", "<p>a</p>")]);
    thread.site = { ...site, reactions: [] };
    await renderApp(thread);
    expect(screen.getByRole("button", { name: /^Like/ })).toBeTruthy();
    expect(screen.queryAllByRole("button", { name: /^React with/ })).toHaveLength(0);
    expect(document.querySelector(".reactions")).toBeNull();
  });

  it("is translated", async () => {
    const thread = nestedThread();
    thread.thread.reactions = { "👍": 2 };
    await renderApp(thread, { lang: "de" });
    const bar = await screen.findByRole("group", { name: "Reaktionen auf diese Seite" });
    expect(within(bar).getByRole("button", { name: "Mit 👍 reagieren, 2 Reaktionen" })).toBeTruthy();
  });
});

describe("Report", () => {
  it("asks for a reason, sends it with the reader id, and says it was received", async () => {
    const api = await renderApp(nestedThread());
    const button = within(article("c3")).getByRole("button", { name: "Report" });
    fireEvent.click(button);
    const form = await within(article("c3")).findByRole("form", { name: "Report" });
    const field = within(form).getByLabelText("Why should the moderators look at this comment?");
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(field.hasAttribute("required")).toBe(true);
    fireEvent.input(field, { target: { value: "An advert" } });
    fireEvent.submit(form);
    expect(await within(article("c3")).findByText("Reported")).toBeTruthy();
    const call = api.calls.at(-1);
    expect([call?.method, call?.url.pathname]).toEqual(["POST", "/api/v1/comments/c3/report"]);
    expect(call?.body).toMatchObject({ reason: "An advert" });
    expect(READER_ID_PATTERN.test(String(call?.body?.reader))).toBe(true);
    expect(await screen.findByText("Thank you. The moderators will look at this comment.")).toBeTruthy();
  });

  it("keeps the reason and says why when the report is refused; Cancel closes it", async () => {
    const api = await renderApp(nestedThread());
    api.routes["POST /api/v1/comments/c1/report"] = () =>
      apiError(429, { code: "rate_limited", message: "Too many reports." });
    fireEvent.click(within(article("c1")).getByRole("button", { name: "Report" }));
    const form = await within(article("c1")).findByRole("form", { name: "Report" });
    const field = within(form).getByRole("textbox") as HTMLTextAreaElement;
    fireEvent.input(field, { target: { value: "Rude" } });
    fireEvent.submit(form);
    expect(await within(form).findByRole("alert")).toBeTruthy();
    expect(field.value).toBe("Rude");
    fireEvent.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(within(article("c1")).queryByRole("form", { name: "Report" })).toBeNull();
    expect(within(article("c1")).getByRole("button", { name: "Report" })).toBeTruthy();
  });

  it("is translated", async () => {
    await renderApp(nestedThread(), { lang: "fr" });
    expect(await within(article("c1")).findByRole("button", { name: "Signaler" })).toBeTruthy();
  });

  it("tells the page's likes and reposts from the web (Webmentions) beside the bar, translated", async () => {
    const thread = nestedThread();
    thread.thread.mentions = { likes: 3, reposts: 1 };
    await renderApp(thread);
    expect(pageBar().textContent).toContain("3 likes from the web · 1 repost from the web");
    // Counted, not comments: nothing else is drawn for them.
    expect(document.querySelectorAll("article").length).toBe(nestedThread().comments.length);
  });

  it("tells them without a reactions bar, and leaves out a count of zero", async () => {
    const thread = threadOf([comment("a", null, "Ann", "<p>a</p>")]);
    thread.site = { ...site, reactions: [] };
    thread.thread.mentions = { likes: 0, reposts: 2 };
    await renderApp(thread, { lang: "de" });
    await waitFor(() => expect(document.querySelector(".web")?.textContent).toBe("2 Reposts aus dem Web"));
    expect(document.querySelector(".reactions")).toBeNull();
  });
});
