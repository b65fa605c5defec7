import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { apiError } from "./fake-admin.ts";
import { adminComment } from "./fixtures.ts";
import { names, renderAdmin, row } from "./render-admin.tsx";

const three = () => ["c1", "c2", "c3"].map((id) => adminComment(id));
const select = (id: string) => fireEvent.click(within(row(id)).getByRole("checkbox"));

describe("bulk actions", () => {
  it("approves the selected comments with one bulk request", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c1");
    select("c1");
    select("c3");
    expect(screen.getByText("2 selected")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Approve selected" }));

    await waitFor(() => expect(names()).toEqual(["Author c2"]));
    const bulk = api.actions.filter((c) => c.path === "/comments/bulk");
    expect(bulk).toHaveLength(1);
    expect(bulk[0]).toMatchObject({ method: "POST", body: { ids: ["c1", "c3"], status: "approved" } });
    expect(screen.getByRole("status").textContent).toBe("Updated 2 comments.");
    expect(screen.getByText("0 selected")).toBeTruthy();
  });

  it("splits more than 100 selected comments into requests of at most 100 ids", async () => {
    const many = Array.from({ length: 130 }, (_, i) => adminComment(`m${i}`));
    const api = await renderAdmin({ comments: many }, { pageSize: 200 });
    await screen.findByText("Author m0");
    fireEvent.click(screen.getByRole("checkbox", { name: "Select all" }));
    fireEvent.click(screen.getByRole("button", { name: "Spam selected" }));
    await waitFor(() => expect(names()).toEqual([]));
    const bulk = api.actions.filter((c) => c.path === "/comments/bulk");
    expect(bulk.map((c) => c.body.ids.length)).toEqual([100, 30]);
    expect(bulk.every((c) => c.body.status === "spam")).toBe(true);
    expect(new Set(bulk.flatMap((c) => c.body.ids)).size).toBe(130);
  });

  it("shows a bulk failure and keeps the selection", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c1");
    api.override["POST /comments/bulk"] = () =>
      apiError(500, { code: "internal", message: "Something went wrong." });
    select("c2");
    fireEvent.click(screen.getByRole("button", { name: "Approve selected" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Something went wrong.");
    expect(names()).toEqual(["Author c1", "Author c2", "Author c3"]);
    expect(screen.getByText("1 selected")).toBeTruthy();
  });
});

describe("inline edit", () => {
  it("edits the Markdown source with PATCH { text } and shows the new text", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c2");
    fireEvent.click(within(row("c2")).getByRole("button", { name: "Edit" }));
    const box = within(row("c2")).getByLabelText("Text (Markdown)") as HTMLTextAreaElement;
    expect(box.value).toBe("Text of c2");
    expect(document.activeElement).toBe(box);

    fireEvent.input(box, { target: { value: "Edited **text**" } });
    fireEvent.click(within(row("c2")).getByRole("button", { name: "Save" }));

    await waitFor(() => expect(row("c2").querySelector(".text")?.textContent).toBe("Edited **text**"));
    expect(api.actions.at(-1)).toMatchObject({
      method: "PATCH",
      path: "/comments/c2",
      body: { text: "Edited **text**" },
    });
    expect(within(row("c2")).queryByRole("textbox")).toBeNull();
    expect(within(row("c2")).getByText("(edited)")).toBeTruthy();
  });

  it("keeps the form open with the API's message when the edit is refused", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c1");
    api.override["PATCH /comments/:id"] = () =>
      apiError(400, {
        code: "validation_failed",
        message: "Text is too long.",
        fields: { text: "too_long" },
      });
    fireEvent.click(within(row("c1")).getByRole("button", { name: "Edit" }));
    fireEvent.input(within(row("c1")).getByRole("textbox"), { target: { value: "x".repeat(20) } });
    fireEvent.click(within(row("c1")).getByRole("button", { name: "Save" }));
    expect((await within(row("c1")).findByRole("alert")).textContent).toBe("Text is too long.");
    expect((within(row("c1")).getByRole("textbox") as HTMLTextAreaElement).value).toBe("x".repeat(20));
  });

  it("cancels with Escape without a request", async () => {
    const api = await renderAdmin({ comments: three() });
    await screen.findByText("Author c1");
    fireEvent.click(within(row("c1")).getByRole("button", { name: "Edit" }));
    fireEvent.keyDown(within(row("c1")).getByRole("textbox"), { key: "Escape" });
    expect(within(row("c1")).queryByRole("textbox")).toBeNull();
    expect(api.actions.filter((c) => c.method !== "GET")).toEqual([]);
  });
});
