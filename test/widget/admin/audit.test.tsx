import { fireEvent, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { auditEntry } from "./fixtures.ts";
import { renderAdmin } from "./render-admin.tsx";

const actions = () => Array.from(document.querySelectorAll(".audit strong"), (el) => el.textContent);

describe("audit log", () => {
  it("pages through the entries with nextCursor", async () => {
    const entries = Array.from({ length: 5 }, (_, i) => auditEntry(i));
    const api = await renderAdmin({ audit: entries }, { view: "audit", pageSize: 2 });
    await screen.findByText("comment.approve.0");
    expect(actions()).toEqual(["comment.approve.0", "comment.approve.1"]);
    expect(document.querySelector(".audit")?.textContent).toContain("by operator");
    expect(api.actions[0]?.query.has("cursor")).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(actions()).toHaveLength(4));
    expect(api.actions.at(-1)?.query.get("cursor")).toBe("2");

    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(actions()).toHaveLength(5));
    expect(api.actions.at(-1)?.query.get("cursor")).toBe("4");
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("filters by site and says so when the log is empty", async () => {
    const api = await renderAdmin({ audit: [] }, { view: "audit" });
    expect(await screen.findByText("Nothing has been done yet.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "other" } });
    await waitFor(() => expect(api.actions.at(-1)?.query.get("site")).toBe("other"));
  });
});
