// The comment form's "Write | Preview" tabs (the WAI-ARIA tabs pattern, automatic activation),
// rendered by the real app against the fake API.
import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json } from "./fake-api.ts";
import { nestedThread } from "./fixtures.ts";
import { renderApp } from "./render-app.tsx";

const topForm = () => screen.getByRole("form", { name: "Leave a comment" });
const tabs = (form: HTMLElement) => within(form).getAllByRole("tab");
const tab = (form: HTMLElement, name: string) => within(form).getByRole("tab", { name });
/** A panel, shown or not, by the name of the tab that controls it. */
const panel = (form: HTMLElement, name: string) =>
  document.getElementById(tab(form, name).getAttribute("aria-controls") ?? "") as HTMLElement;
const textArea = (form: HTMLElement) => within(form).getByLabelText("Comment") as HTMLTextAreaElement;
const type = (form: HTMLElement, value: string) => fireEvent.input(textArea(form), { target: { value } });
const previews = (api: Awaited<ReturnType<typeof renderApp>>) =>
  api.calls.filter((c) => c.url.pathname === "/api/v1/preview");
const selected = (form: HTMLElement) =>
  tabs(form).map((t) => [t.textContent, t.getAttribute("aria-selected"), t.tabIndex]);
const NETWORK = "Could not reach the comment server. Check your connection and try again.";

/** A promise the test resolves by hand, to look at the preview while it loads. */
function deferred() {
  let resolve!: (r: Response) => void;
  const promise = new Promise<Response>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("the Write | Preview tabs", () => {
  it("are a tablist above the text field, each tab controlling the panel labelled by it", async () => {
    await renderApp(nestedThread());
    const form = topForm();
    const list = within(form).getByRole("tablist");
    expect(tabs(form).map((t) => t.textContent)).toEqual(["Write", "Preview"]);
    expect(tabs(form).every((t) => t.parentElement === list && t.getAttribute("type") === "button")).toBe(
      true,
    );
    expect(selected(form)).toEqual([
      ["Write", "true", 0],
      ["Preview", "false", -1],
    ]);
    for (const t of tabs(form)) {
      const controlled = document.getElementById(t.getAttribute("aria-controls") ?? "") as HTMLElement;
      expect(controlled.getAttribute("role")).toBe("tabpanel");
      expect(controlled.getAttribute("aria-labelledby")).toBe(t.id);
      expect(form.contains(controlled)).toBe(true);
    }
    // The list comes before the text field; the field, still labelled "Comment", is in the Write panel.
    expect(list.compareDocumentPosition(textArea(form)) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(panel(form, "Write").contains(textArea(form))).toBe(true);
    expect(panel(form, "Write").hidden).toBe(false);
    expect(panel(form, "Preview").hidden).toBe(true);
    expect(within(form).getAllByRole("tabpanel")).toEqual([panel(form, "Write")]);
  });

  it("shows the server's rendering, busy while it loads, without what the allowlist drops", async () => {
    const api = await renderApp(nestedThread());
    const slow = deferred();
    api.routes["POST /api/v1/preview"] = () => slow.promise;
    const form = topForm();
    type(form, "**hi** [x](https://example.com)");
    fireEvent.click(tab(form, "Preview"));

    const shown = panel(form, "Preview");
    expect(shown.hidden).toBe(false);
    expect(panel(form, "Write").hidden).toBe(true);
    expect(shown.getAttribute("aria-busy")).toBe("true");
    expect(selected(form)).toEqual([
      ["Write", "false", -1],
      ["Preview", "true", 0],
    ]);
    expect(previews(api).map((c) => c.body)).toEqual([
      { site: "demo", text: "**hi** [x](https://example.com)" },
    ]);

    slow.resolve(
      json(200, {
        html:
          '<p><strong>hi</strong> <a href="https://example.com" onclick="alert(1)">x</a>' +
          '<img src=x onerror="alert(2)"><script>alert(3)</script></p>',
      }),
    );
    await waitFor(() => expect(shown.getAttribute("aria-busy")).toBe("false"));
    expect(shown.textContent).toBe("hi x");
    expect(shown.querySelector("strong")?.textContent).toBe("hi");
    expect(shown.querySelector("a")?.getAttribute("href")).toBe("https://example.com/");
    expect(shown.querySelectorAll("script, img, [onclick], [onerror]")).toHaveLength(0);
    expect(shown.innerHTML).not.toMatch(/alert|onerror|onclick|script/);
  });

  it("says there is nothing to preview for an empty text, without asking the server", async () => {
    const api = await renderApp(nestedThread());
    const form = topForm();
    type(form, "  \n ");
    fireEvent.click(tab(form, "Preview"));
    const shown = panel(form, "Preview");
    expect(shown.hidden).toBe(false);
    expect(shown.textContent).toBe("Nothing to preview.");
    expect(shown.getAttribute("aria-busy")).toBe("false");
    expect(previews(api)).toHaveLength(0);
  });

  it("moves and activates with the arrow keys, Home and End, keeping focus on the tabs", async () => {
    await renderApp(nestedThread());
    const form = topForm();
    const [write, preview] = tabs(form) as [HTMLElement, HTMLElement];
    write.focus();
    const key = (key: string) => fireEvent.keyDown(document.activeElement as HTMLElement, { key });

    expect(key("ArrowRight")).toBe(false); // handled: the page does not scroll
    expect(document.activeElement).toBe(preview);
    expect(preview.getAttribute("aria-selected")).toBe("true");
    expect(panel(form, "Preview").hidden).toBe(false);
    key("ArrowRight"); // wraps around
    expect(document.activeElement).toBe(write);
    expect(panel(form, "Write").hidden).toBe(false);
    key("ArrowLeft");
    expect(document.activeElement).toBe(preview);
    key("ArrowLeft");
    expect(document.activeElement).toBe(write);
    key("End");
    expect(document.activeElement).toBe(preview);
    expect(selected(form)).toEqual([
      ["Write", "false", -1],
      ["Preview", "true", 0],
    ]);
    key("End");
    expect(document.activeElement).toBe(preview);
    key("Home");
    expect(document.activeElement).toBe(write);
    expect(selected(form)).toEqual([
      ["Write", "true", 0],
      ["Preview", "false", -1],
    ]);
    // Back on Write, the focus stays on the tab: nothing jumps into the text field.
    expect(document.activeElement).not.toBe(textArea(form));

    // Other keys are left alone.
    expect(key("ArrowDown")).toBe(true);
    expect(key("a")).toBe(true);
    expect(document.activeElement).toBe(write);
    expect(write.getAttribute("aria-selected")).toBe("true");
  });

  it("works the same right to left, where the arrows are mirrored", async () => {
    await renderApp(nestedThread(), { lang: "ar" });
    const form = screen.getByRole("form", { name: "أضف تعليقًا" });
    const [write, preview] = tabs(form) as [HTMLElement, HTMLElement];
    expect([write.textContent, preview.textContent]).toEqual(["كتابة", "معاينة"]);
    write.focus();
    // In rtl the next tab is to the left; with two tabs either arrow reaches the other one.
    fireEvent.keyDown(write, { key: "ArrowLeft" });
    expect(document.activeElement).toBe(preview);
    expect(within(form).getByRole("tabpanel").textContent).toBe("لا شيء للمعاينة.");
    fireEvent.keyDown(preview, { key: "ArrowRight" });
    expect(document.activeElement).toBe(write);
    expect(write.getAttribute("aria-selected")).toBe("true");
  });

  it("keeps the very same text field, its text and its draft, through a round trip to Preview", async () => {
    const api = await renderApp(nestedThread());
    api.routes["POST /api/v1/preview"] = () => json(200, { html: "<p>Draft <em>one</em></p>" });
    const form = topForm();
    const area = textArea(form);
    type(form, "Draft *one*");
    area.setSelectionRange(2, 4);
    fireEvent.click(tab(form, "Preview"));
    await waitFor(() => expect(panel(form, "Preview").textContent).toBe("Draft one"));
    expect(area.isConnected).toBe(true);
    fireEvent.click(tab(form, "Write"));

    expect(textArea(form)).toBe(area);
    expect(area.value).toBe("Draft *one*");
    expect([area.selectionStart, area.selectionEnd]).toEqual([2, 4]);
    expect(panel(form, "Write").hidden).toBe(false);
    expect(panel(form, "Preview").hidden).toBe(true);
    expect(localStorage.getItem("confab:draft:https://blog.example.com/2011/04/01/late-night/:")).toBe(
      JSON.stringify("Draft *one*"),
    );
  });

  it("shows the network error when the preview fails, and tries again when chosen again", async () => {
    const api = await renderApp(nestedThread());
    api.routes["POST /api/v1/preview"] = () => Promise.reject(new TypeError("Failed to fetch"));
    const form = topForm();
    type(form, "Offline");
    fireEvent.click(tab(form, "Preview"));
    const shown = panel(form, "Preview");
    await waitFor(() => expect(shown.textContent).toBe(NETWORK));
    expect(shown.getAttribute("aria-busy")).toBe("false");

    api.routes["POST /api/v1/preview"] = () => json(200, { html: "<p>Online</p>" });
    fireEvent.click(tab(form, "Preview"));
    await waitFor(() => expect(shown.textContent).toBe("Online"));
    expect(previews(api)).toHaveLength(2);
    // A preview that worked is not asked for again by another click.
    fireEvent.click(tab(form, "Preview"));
    expect(previews(api)).toHaveLength(2);
  });

  it("shows only the latest answer when an older, slower one arrives after it", async () => {
    const api = await renderApp(nestedThread());
    const first = deferred();
    api.routes["POST /api/v1/preview"] = () => first.promise;
    const form = topForm();
    type(form, "Old");
    fireEvent.click(tab(form, "Preview"));
    fireEvent.click(tab(form, "Write"));
    type(form, "New");
    api.routes["POST /api/v1/preview"] = () => json(200, { html: "<p>New</p>" });
    fireEvent.click(tab(form, "Preview"));
    const shown = panel(form, "Preview");
    await waitFor(() => expect(shown.textContent).toBe("New"));
    first.resolve(json(200, { html: "<p>Old</p>" }));
    await new Promise((r) => setTimeout(r, 20));
    expect(shown.textContent).toBe("New");
  });

  it("goes back to Write after posting from the preview, and when the browser finds the text missing", async () => {
    const api = await renderApp(nestedThread());
    api.routes["POST /api/v1/preview"] = () => json(200, { html: "<p>Posted from the preview</p>" });
    const form = topForm();
    type(form, "Posted from the preview");
    fireEvent.click(tab(form, "Preview"));
    await waitFor(() => expect(panel(form, "Preview").textContent).toBe("Posted from the preview"));
    fireEvent.click(within(form).getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(document.getElementById("comment-new1")).toBeTruthy());
    await waitFor(() => expect(tab(form, "Write").getAttribute("aria-selected")).toBe("true"));
    expect(panel(form, "Write").hidden).toBe(false);
    expect(textArea(form).value).toBe("");

    // Empty and required: the browser's check fires `invalid` on the hidden field.
    fireEvent.click(tab(form, "Preview"));
    expect(panel(form, "Write").hidden).toBe(true);
    fireEvent(textArea(form), new Event("invalid", { cancelable: true }));
    expect(panel(form, "Write").hidden).toBe(false);
    await waitFor(() => expect(tab(form, "Write").getAttribute("aria-selected")).toBe("true"));
    expect(panel(form, "Preview").hidden).toBe(true);
  });

  it("gives each open form its own ids", async () => {
    await renderApp(nestedThread());
    fireEvent.click(
      within(document.getElementById("comment-c1") as HTMLElement).getByRole("button", { name: "Reply" }),
    );
    const reply = await screen.findByRole("form", { name: "Reply to WomanVoter" });
    const top = topForm();
    const idsOf = (form: HTMLElement) => Array.from(form.querySelectorAll("[id]"), (el) => el.id);
    const all = [...idsOf(top), ...idsOf(reply)];
    expect(idsOf(top)).toHaveLength(5); // two tabs, two panels, the text field
    expect(new Set(all).size).toBe(all.length);
    for (const form of [top, reply]) {
      for (const t of tabs(form)) {
        expect(form.contains(document.getElementById(t.getAttribute("aria-controls") ?? ""))).toBe(true);
      }
      expect(textArea(form).closest("form")).toBe(form);
    }
    // Each label points at its own form's field.
    expect(textArea(top)).not.toBe(textArea(reply));
  });
});
