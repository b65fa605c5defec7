import { fireEvent, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { adminComment, PAGE } from "./fixtures.ts";
import { names, renderAdmin } from "./render-admin.tsx";

describe("all comments with filters", () => {
  it("starts with every status and builds the query string from the filters", async () => {
    const api = await renderAdmin(
      {
        comments: [
          adminComment("c1", { status: "approved", text: "Cheap casino here" }),
          adminComment("c2", { status: "approved", text: "A fine post" }),
          adminComment("c3", { status: "spam", text: "casino casino" }),
          adminComment("c4", {
            status: "approved",
            text: "casino elsewhere",
            threadUrl: "https://blog.example.com/x/",
          }),
        ],
      },
      { view: "comments" },
    );
    await screen.findByText("Author c1");
    expect(names()).toHaveLength(4);
    expect(Object.fromEntries(api.actions.at(-1)?.query ?? [])).toEqual({ status: "all" });

    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "demo" } });
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "approved" } });
    fireEvent.input(screen.getByLabelText("Page URL"), { target: { value: ` ${PAGE} ` } });
    fireEvent.input(screen.getByLabelText("Text"), { target: { value: "casino" } });
    // Nothing is asked until the filters are applied.
    expect(api.actions).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Filter" }));

    await waitFor(() => expect(names()).toEqual(["Author c1"]));
    const call = api.actions.at(-1);
    expect(call?.path).toBe("/comments");
    expect(Object.fromEntries(call?.query ?? [])).toEqual({
      site: "demo",
      status: "approved",
      url: PAGE,
      q: "casino",
    });

    fireEvent.click(screen.getByRole("button", { name: "Clear" }));
    await waitFor(() => expect(names()).toHaveLength(4));
    expect(Object.fromEntries(api.actions.at(-1)?.query ?? [])).toEqual({ status: "all" });
  });

  it("keeps a comment whose status changed when the list shows every status", async () => {
    const api = await renderAdmin(
      { comments: [adminComment("c1", { status: "approved" })] },
      { view: "comments" },
    );
    await screen.findByText("Author c1");
    fireEvent.click(screen.getByRole("button", { name: "Spam" }));
    await waitFor(() => expect(document.querySelector(".status")?.textContent).toBe("spam"));
    expect(names()).toEqual(["Author c1"]);
    expect(api.actions.at(-1)?.body).toEqual({ status: "spam" });
  });

  it("shows an empty state when nothing matches", async () => {
    await renderAdmin({ comments: [] }, { view: "comments" });
    expect(await screen.findByText("No comment matches these filters.")).toBeTruthy();
  });
});
