import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { adminThread } from "./fixtures.ts";
import { renderAdmin } from "./render-admin.tsx";

const threadRow = (title: string) => screen.getByRole("listitem", { name: `Thread ${title}` });
const threads = () => [
  adminThread("t1"),
  adminThread("t2", { commentCount: 3 }),
  adminThread("t3", { site: "other" }),
];

describe("threads", () => {
  it("locks and unlocks a thread with PATCH { locked }", async () => {
    const api = await renderAdmin({ threads: threads() }, { view: "threads" });
    await screen.findByText("Post t1");
    fireEvent.click(within(threadRow("Post t1")).getByRole("button", { name: "Lock" }));
    await within(threadRow("Post t1")).findByRole("button", { name: "Unlock" });
    expect(api.actions.at(-1)).toMatchObject({
      method: "PATCH",
      path: "/threads/t1",
      body: { locked: true },
    });
    expect(within(threadRow("Post t1")).getByText("locked")).toBeTruthy();

    fireEvent.click(within(threadRow("Post t1")).getByRole("button", { name: "Unlock" }));
    await within(threadRow("Post t1")).findByRole("button", { name: "Lock" });
    expect(api.actions.at(-1)?.body).toEqual({ locked: false });
  });

  it("merges a thread into another and drops it from the list", async () => {
    const api = await renderAdmin({ threads: threads() }, { view: "threads" });
    await screen.findByText("Post t2");
    fireEvent.click(within(threadRow("Post t2")).getByRole("button", { name: "Merge…" }));
    const form = within(threadRow("Post t2")).getByRole("form", { name: "Merge thread" });
    // Only threads of the same site are offered.
    expect(Array.from(form.querySelectorAll("option"), (o) => o.value)).toEqual(["t1"]);
    fireEvent.input(within(form).getByLabelText("Merge into thread (id)"), { target: { value: "t1" } });
    fireEvent.click(within(form).getByRole("button", { name: "Merge" }));

    await waitFor(() => expect(screen.queryByText("Post t2")).toBeNull());
    expect(api.actions.at(-1)).toMatchObject({
      method: "POST",
      path: "/threads/t2/merge",
      body: { into: "t1" },
    });
    expect(screen.getByRole("status").textContent).toBe("Moved 3 comments into “Post t1”.");
    expect(threadRow("Post t1").textContent).toContain("5 comments");
  });

  it("shows a refused merge next to its form", async () => {
    await renderAdmin({ threads: threads() }, { view: "threads" });
    await screen.findByText("Post t1");
    fireEvent.click(within(threadRow("Post t1")).getByRole("button", { name: "Merge…" }));
    const form = within(threadRow("Post t1")).getByRole("form", { name: "Merge thread" });
    fireEvent.input(within(form).getByLabelText("Merge into thread (id)"), { target: { value: "t1" } });
    fireEvent.click(within(form).getByRole("button", { name: "Merge" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("A thread cannot merge into itself.");
    expect(within(form).getByText("Not valid.")).toBeTruthy();
    expect(screen.getByText("Post t1")).toBeTruthy();
  });

  it("retitles a thread, sending only what changed", async () => {
    const api = await renderAdmin({ threads: threads() }, { view: "threads" });
    await screen.findByText("Post t1");
    fireEvent.click(within(threadRow("Post t1")).getByRole("button", { name: "Edit" }));
    fireEvent.input(screen.getByLabelText("Title"), { target: { value: "A better title" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("A better title");
    expect(api.actions.at(-1)).toMatchObject({
      method: "PATCH",
      path: "/threads/t1",
      body: { title: "A better title" },
    });
  });

  it("filters by site and shows an empty state", async () => {
    const api = await renderAdmin({ threads: threads() }, { view: "threads" });
    await screen.findByText("Post t3");
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "other" } });
    await waitFor(() => expect(screen.queryByText("Post t1")).toBeNull());
    expect(api.actions.at(-1)?.query.get("site")).toBe("other");
    api.state.threads = [];
    fireEvent.change(screen.getByLabelText("Site"), { target: { value: "demo" } });
    expect(await screen.findByText(/No threads yet/)).toBeTruthy();
  });

  it("links a thread to Mastodon and Bluesky posts with PATCH { social }, and shows a refused line", async () => {
    const pulled = {
      kind: "mastodon" as const,
      url: "https://social.example/@ana/1",
      remoteRoot: "1",
      pulledAt: "2011-04-02T06:00:00.000Z",
      error: "social.example answered HTTP 404",
      createdAt: "2011-04-01T06:00:00.000Z",
    };
    const api = await renderAdmin(
      { threads: [adminThread("t1", { social: [pulled] }), adminThread("t2")] },
      { view: "threads" },
    );
    await screen.findByText("Post t1");
    expect(within(threadRow("Post t1")).getByText("1 linked post")).toBeTruthy();
    fireEvent.click(within(threadRow("Post t1")).getByRole("button", { name: "Linked posts…" }));
    const form = within(threadRow("Post t1")).getByRole("form", { name: "Linked posts" });
    // The link's last pull and its error are shown.
    expect(form.textContent).toContain("last pull failed: social.example answered HTTP 404");
    const box = within(form).getByLabelText(
      "Mastodon and Bluesky posts (one URL a line)",
    ) as HTMLTextAreaElement;
    expect(box.value).toBe(pulled.url);
    const skeet = "https://bsky.app/profile/ana.bsky.social/post/3kabc";
    fireEvent.input(box, {
      target: { value: `${pulled.url}\n\n  ${skeet}  \nhttp://social.example/@ana/2` },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Save links" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("Some fields are invalid.");
    expect(within(form).getByText("Line 3: not a Mastodon status or Bluesky post URL.")).toBeTruthy();

    fireEvent.input(box, { target: { value: `${pulled.url}\n${skeet}` } });
    fireEvent.click(within(form).getByRole("button", { name: "Save links" }));
    await waitFor(() => expect(within(threadRow("Post t1")).queryByRole("form")).toBeNull());
    expect(api.actions.at(-1)).toMatchObject({
      method: "PATCH",
      path: "/threads/t1",
      body: {
        social: [
          { kind: "mastodon", url: pulled.url },
          { kind: "bluesky", url: skeet },
        ],
      },
    });
    expect(within(threadRow("Post t1")).getByText("2 linked posts")).toBeTruthy();
    expect(within(threadRow("Post t2")).queryByText(/linked post/)).toBeNull();
  });

  it("links a page that has no thread yet with POST /threads, and names a refused URL", async () => {
    const api = await renderAdmin({ threads: threads() }, { view: "threads" });
    await screen.findByText("Post t1");
    fireEvent.click(screen.getByRole("button", { name: "Link a page…" }));
    const form = screen.getByRole("form", { name: "Link a page" });
    const skeet = "https://bsky.app/profile/ana.bsky.social/post/3kabc";
    fireEvent.input(within(form).getByLabelText("Page URL"), { target: { value: "https://evil.example/x" } });
    fireEvent.input(within(form).getByLabelText("Its Mastodon and Bluesky posts (one URL a line)"), {
      target: { value: skeet },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Link page" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("Some fields are invalid.");
    expect(within(form).getByText("Not valid.")).toBeTruthy();

    const page = "https://blog.example.com/quiet/";
    fireEvent.input(within(form).getByLabelText("Page URL"), { target: { value: page } });
    fireEvent.click(within(form).getByRole("button", { name: "Link page" }));
    await screen.findByText("/quiet/");
    expect(api.actions.at(-1)).toMatchObject({
      method: "POST",
      path: "/threads",
      body: { site: "demo", url: page, social: [{ kind: "bluesky", url: skeet }] },
    });
    expect(screen.getByRole("status").textContent).toBe("Linked “/quiet/” to 1 post.");
    expect(within(threadRow("/quiet/")).getByText("1 linked post")).toBeTruthy();
  });
});
