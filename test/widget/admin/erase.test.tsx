import { createEvent, fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { apiError } from "./fake-admin.ts";
import { adminComment } from "./fixtures.ts";
import { names, renderAdmin, row } from "./render-admin.tsx";

const three = () => ["c1", "c2", "c3"].map((id) => adminComment(id));
const press = (key: string, target: Element = document.activeElement ?? document.body) =>
  fireEvent.keyDown(target, { key });
const deletes = (api: { actions: { method: string }[] }) => api.actions.filter((c) => c.method === "DELETE");
const question = (id: string) => within(row(id)).queryByRole("group", { name: /Really erase/ });
const yes = (id: string) => within(row(id)).getByRole("button", { name: "Yes, erase" });

describe("erase needs a confirmation", () => {
  it("Delete asks in the row, with the focus on Yes; nothing is sent before Yes", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c2");
    const button = within(row("c2")).getByRole("button", { name: "Delete" });
    fireEvent.click(button);

    expect(question("c2")).toBeTruthy();
    expect(question("c1")).toBeNull();
    expect(button.getAttribute("aria-expanded")).toBe("true");
    // Enter confirms: the focused "Yes" is a button, and nothing stops its native activation.
    expect(document.activeElement).toBe(yes("c2"));
    const enter = createEvent.keyDown(yes("c2"), { key: "Enter" });
    fireEvent(yes("c2"), enter);
    expect(enter.defaultPrevented).toBe(false);
    expect(deletes(api)).toEqual([]);

    fireEvent.click(yes("c2"));
    await waitFor(() => expect(names()).toEqual(["Author c1", "Author c3"]));
    expect(deletes(api)).toEqual([expect.objectContaining({ method: "DELETE", path: "/comments/c2" })]);
  });

  it("Escape cancels: no request, the comment stays, the focus goes back to Delete", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c1");
    const button = within(row("c1")).getByRole("button", { name: "Delete" });
    button.focus();
    fireEvent.click(button);
    press("Escape");

    expect(question("c1")).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(names()).toEqual(["Author c1", "Author c2", "Author c3"]);
    expect(deletes(api)).toEqual([]);
    expect(api.state.comments).toHaveLength(3);
  });

  it("No cancels too", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c1");
    fireEvent.click(within(row("c3")).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(row("c3")).getByRole("button", { name: "No" }));
    expect(question("c3")).toBeNull();
    expect(deletes(api)).toEqual([]);
  });

  it("d asks, n and Escape cancel, y erases; j and k still move while it asks", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c1");
    press("j", document.body);
    expect(document.activeElement).toBe(row("c2"));

    press("d");
    expect(question("c2")).toBeTruthy();
    press("n");
    expect(question("c2")).toBeNull();
    expect(document.activeElement).toBe(row("c2"));

    press("d");
    press("Escape");
    expect(question("c2")).toBeNull();
    expect(deletes(api)).toEqual([]);

    // With the question open and the focus back on the row, y still answers it.
    press("d");
    row("c2").focus();
    press("y");
    await waitFor(() => expect(names()).toEqual(["Author c1", "Author c3"]));
    expect(deletes(api)).toEqual([expect.objectContaining({ path: "/comments/c2" })]);
    // The comment that took its place has the focus.
    await waitFor(() => expect(document.activeElement).toBe(row("c3")));
  });

  it("a refused erase shows its message in that row and keeps the comment", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c1");
    api.override["DELETE /comments/:id"] = () =>
      apiError(404, { code: "not_found", message: "No such comment." });
    fireEvent.click(within(row("c1")).getByRole("button", { name: "Delete" }));
    fireEvent.click(yes("c1"));
    expect((await within(row("c1")).findByRole("alert")).textContent).toBe("No such comment.");
    expect(names()).toEqual(["Author c1", "Author c2", "Author c3"]);
  });
});
