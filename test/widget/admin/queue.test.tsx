import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { apiError } from "./fake-admin.ts";
import { adminComment, PAGE, TOKEN } from "./fixtures.ts";
import { names, renderAdmin, row } from "./render-admin.tsx";

const held = adminComment("c1", {
  author: {
    name: "WomanVoter",
    website: "https://voter.example/",
    avatar: "a1",
    isModerator: false,
    verified: null,
  },
  authorEmail: "voter@example.com",
  networkHash: "9f2c1e",
  moderationReasons: ["links", "first comment"],
  text: "Look at [this](https://spam.example/) <img src=x onerror=alert(1)>",
  createdAt: "2011-04-01T06:12:00.000Z",
});
const queue = () => [held, adminComment("c2"), adminComment("c3")];
const click = (id: string, name: string) => fireEvent.click(within(row(id)).getByRole("button", { name }));

describe("moderation queue", () => {
  it("lists held comments with reasons, thread and the author details a moderator needs", async () => {
    const api = await renderAdmin({ comments: [...queue(), adminComment("ok", { status: "approved" })] });
    await screen.findByText("WomanVoter");

    expect(names()).toEqual(["WomanVoter", "Author c2", "Author c3"]);
    const r = row("c1");
    expect(within(r).getByRole("list", { name: "Moderation reasons" }).textContent).toBe(
      "linksfirst comment",
    );
    expect(within(r).getByText("voter@example.com").getAttribute("href")).toBe("mailto:voter@example.com");
    expect(within(r).getByText("https://voter.example/").getAttribute("rel")).toContain("nofollow");
    expect(within(r).getByText("9f2c1e").tagName).toBe("CODE");
    expect(r.querySelector("time")?.getAttribute("datetime")).toBe("2011-04-01T06:12:00.000Z");
    const thread = within(r).getByText("Late Night Libya Update");
    expect(thread.getAttribute("href")).toBe(PAGE);
    // The source is shown as text: nothing a commenter typed becomes markup on the admin page.
    expect(r.querySelector(".text")?.textContent).toBe(held.text);
    expect(r.querySelector("img")).toBeNull();
    expect(api.calls[1]?.query.get("status")).toBe("pending");
  });

  it("approves with one PATCH and drops the comment from the queue", async () => {
    const api = await renderAdmin({ comments: queue() });
    await screen.findByText("WomanVoter");
    click("c1", "Approve");
    await waitFor(() => expect(names()).toEqual(["Author c2", "Author c3"]));
    const call = api.actions.at(-1);
    expect(call?.method).toBe("PATCH");
    expect(call?.path).toBe("/comments/c1");
    expect(call?.body).toEqual({ status: "approved" });
    expect(call?.headers.get("Authorization")).toBe(`Bearer ${TOKEN}`);
    expect(call?.headers.get("Content-Type")).toBe("application/json");
  });

  it("marks spam with one PATCH", async () => {
    const api = await renderAdmin({ comments: queue() });
    await screen.findByText("WomanVoter");
    click("c2", "Spam");
    await waitFor(() => expect(names()).toEqual(["WomanVoter", "Author c3"]));
    expect(api.actions.at(-1)).toMatchObject({
      method: "PATCH",
      path: "/comments/c2",
      body: { status: "spam" },
    });
  });

  it("deletes (erases) with DELETE and no body, once confirmed", async () => {
    const api = await renderAdmin({ comments: queue() });
    await screen.findByText("WomanVoter");
    click("c3", "Delete");
    expect(api.actions.filter((c) => c.method === "DELETE")).toEqual([]);
    click("c3", "Yes, erase");
    await waitFor(() => expect(names()).toEqual(["WomanVoter", "Author c2"]));
    expect(api.actions.at(-1)).toMatchObject({ method: "DELETE", path: "/comments/c3", body: undefined });
    expect(api.state.comments.map((c) => c.id)).toEqual(["c1", "c2"]);
  });

  it("shows a failed action's message next to that comment and keeps it", async () => {
    const api = await renderAdmin({ comments: queue() });
    await screen.findByText("WomanVoter");
    api.override["PATCH /comments/:id"] = () =>
      apiError(404, { code: "not_found", message: "No such comment." });
    click("c2", "Approve");
    expect((await within(row("c2")).findByRole("alert")).textContent).toBe("No such comment.");
    expect(names()).toEqual(["WomanVoter", "Author c2", "Author c3"]);
    expect(within(row("c1")).queryByRole("alert")).toBeNull();
  });

  it("says so when nothing waits", async () => {
    await renderAdmin({ comments: [adminComment("ok", { status: "approved" })] });
    expect(await screen.findByText("Nothing waits for moderation.")).toBeTruthy();
  });

  it("loads more with the cursor of the last page", async () => {
    const comments = Array.from({ length: 5 }, (_, i) => adminComment(`p${i}`));
    const api = await renderAdmin({ comments }, { pageSize: 2 });
    fireEvent.change(await screen.findByLabelText("Site"), { target: { value: "demo" } });
    await waitFor(() => expect(names()).toEqual(["Author p0", "Author p1"]));
    expect(api.actions.at(-1)?.query.get("cursor")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(names()).toHaveLength(4));
    expect(api.actions.at(-1)?.query.get("cursor")).toBe("2");
    expect(api.actions.at(-1)?.query.get("site")).toBe("demo");
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(names()).toHaveLength(5));
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });

  it("pins and unpins with PATCH { pinned }", async () => {
    const api = await renderAdmin({ comments: queue() });
    await screen.findByText("WomanVoter");
    click("c1", "Pin");
    await within(row("c1")).findByRole("button", { name: "Unpin" });
    expect(api.actions.at(-1)).toMatchObject({
      method: "PATCH",
      path: "/comments/c1",
      body: { pinned: true },
    });
    expect(within(row("c1")).getByText("pinned")).toBeTruthy();
    click("c1", "Unpin");
    await within(row("c1")).findByRole("button", { name: "Pin" });
    expect(api.actions.at(-1)?.body).toEqual({ pinned: false });
  });
});
