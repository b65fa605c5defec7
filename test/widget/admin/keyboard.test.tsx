import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { adminComment } from "./fixtures.ts";
import { names, renderAdmin, row } from "./render-admin.tsx";

const press = (key: string, target: Element = document.activeElement ?? document.body) =>
  fireEvent.keyDown(target, { key });
const four = () => ["c1", "c2", "c3", "c4"].map((id) => adminComment(id));

describe("keyboard shortcuts", () => {
  it("j and k move between comments, a/s/d act on the current one", async () => {
    const api = await renderAdmin({ comments: four() });
    await screen.findByText("Author c1");
    expect(row("c1").getAttribute("aria-current")).toBe("true");

    press("j");
    expect(document.activeElement).toBe(row("c2"));
    press("j");
    press("k");
    expect(document.activeElement).toBe(row("c2"));

    press("a");
    await waitFor(() => expect(names()).toEqual(["Author c1", "Author c3", "Author c4"]));
    expect(api.actions.at(-1)).toMatchObject({
      method: "PATCH",
      path: "/comments/c2",
      body: { status: "approved" },
    });
    // The comment that took its place has the focus, so the next key acts on it.
    await waitFor(() => expect(document.activeElement).toBe(row("c3")));

    press("s");
    await waitFor(() => expect(names()).toEqual(["Author c1", "Author c4"]));
    expect(api.actions.at(-1)).toMatchObject({ path: "/comments/c3", body: { status: "spam" } });

    await waitFor(() => expect(document.activeElement).toBe(row("c4")));
    press("d");
    // d only asks; y (on the focused "Yes, erase") erases.
    expect(api.actions.at(-1)?.method).toBe("PATCH");
    expect(document.activeElement).toBe(within(row("c4")).getByRole("button", { name: "Yes, erase" }));
    press("y");
    await waitFor(() => expect(names()).toEqual(["Author c1"]));
    expect(api.actions.at(-1)).toMatchObject({ method: "DELETE", path: "/comments/c4" });
  });

  it("x selects, e edits, p pins", async () => {
    const api = await renderAdmin({ comments: four() });
    await screen.findByText("Author c1");
    press("j", document.body);
    press("x");
    expect((within(row("c2")).getByRole("checkbox") as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText("1 selected")).toBeTruthy();

    press("p");
    await within(row("c2")).findByRole("button", { name: "Unpin" });
    expect(api.actions.at(-1)?.body).toEqual({ pinned: true });

    press("e");
    const box = within(row("c2")).getByRole("textbox");
    expect(document.activeElement).toBe(box);
    // While typing, letters are text, not shortcuts.
    press("a", box);
    press("j", box);
    expect(api.actions).toHaveLength(2);
  });

  it("? opens the help listing the shortcuts; Escape closes it", async () => {
    await renderAdmin({ comments: four() });
    await screen.findByText("Author c1");
    press("?", document.body);
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    const text = dialog.textContent ?? "";
    for (const key of ["j", "k", "a", "s", "d", "y", "n", "e", "x"])
      expect(within(dialog).getByText(key).tagName).toBe("KBD");
    expect(text).toContain("Approve");
    expect(text).toContain("Delete for good");
    // Shortcuts are off while the dialog is open.
    press("a", document.body);
    expect(names()).toHaveLength(4);
    press("Escape", document.body);
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
