// Live updates with the real components and the real live.js: a fake socket stands in for the
// thread's channel (it speaks the messages of docs/api.md, "Live threads"), the fake API for GETs.
import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveMessage } from "../../shared/types.ts";
import { withLive } from "./chunks.ts";
import { json } from "./fake-api.ts";
import { comment, nestedThread, PAGE } from "./fixtures.ts";
import { FakeObserver } from "./observer.ts";
import { renderApp } from "./render-app.tsx";

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closed = false;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(message: string) {
    this.sent.push(message);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code: 1000 }));
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  say(message: LiveMessage) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  /** The network or the server ends it. */
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

const article = (id: string) => document.getElementById(`comment-${id}`) as HTMLElement;
const said = () => document.querySelector("[aria-live=polite].sr")?.textContent;
const heading = () => screen.getByRole("heading", { level: 2 }).textContent;
const socket = async (n = 1) => {
  await waitFor(() => expect(FakeSocket.all).toHaveLength(n));
  return FakeSocket.all[n - 1] as FakeSocket;
};
const reads = (api: Awaited<ReturnType<typeof renderApp>>) =>
  api.calls.filter((c) => c.method === "GET" && c.url.pathname === "/api/v1/threads");
let visibility: DocumentVisibilityState = "visible";
const setVisibility = (state: DocumentVisibilityState) => {
  visibility = state;
  document.dispatchEvent(new Event("visibilitychange"));
};

beforeEach(() => {
  FakeSocket.all = [];
  FakeObserver.reset();
  withLive(true);
  visibility = "visible";
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
  vi.stubGlobal("WebSocket", FakeSocket);
  vi.stubGlobal("IntersectionObserver", FakeObserver);
});
afterEach(() => {
  withLive(false);
  vi.restoreAllMocks();
});

describe("new comments from others", () => {
  it("wait behind a button, announced politely, and appear in place, marked, when asked for", async () => {
    await renderApp(nestedThread());
    const ws = await socket();
    expect(ws.url).toBe(`wss://comments.example.com/api/v1/live?site=demo&url=${encodeURIComponent(PAGE)}`);
    ws.open();
    const roots = () => Array.from(document.querySelectorAll(".comments > li > article")).map((a) => a.id);
    const before = roots();
    ws.say({ type: "comment", comment: comment("n1", null, "Nadia", "<p>Fresh news</p>") });
    ws.say({ type: "count", commentCount: 9 });
    await screen.findByRole("button", { name: "1 new comment" });
    expect(article("n1")).toBeNull();
    expect(roots()).toEqual(before);
    expect(heading()).toBe("9 comments");
    await waitFor(() => expect(said()).toBe("1 new comment"));

    ws.say({ type: "comment", comment: comment("n2", "c5", "Omar", "<p>A reply</p>") });
    await screen.findByRole("button", { name: "2 new comments" });
    await waitFor(() => expect(said()).toBe("2 new comments"));
    fireEvent.click(screen.getByRole("button", { name: "2 new comments" }));

    await waitFor(() => expect(article("n1")).toBeTruthy());
    expect(roots()).toEqual([...before, "comment-n1"]);
    expect(article("n1").textContent).toContain("Fresh news");
    // The reply is under its parent, last.
    const replies = article("c5").parentElement?.querySelector(":scope > ol.replies") as HTMLElement;
    expect(
      Array.from(replies.querySelectorAll(":scope > li > article"))
        .map((a) => a.id)
        .at(-1),
    ).toBe("comment-n2");
    await waitFor(() => expect(article("n2").getAttribute("data-new")).toBe("new"));
    expect(article("n1").getAttribute("data-new")).toBe("new");
    expect(article("c1").hasAttribute("data-new")).toBe(false);
    expect(said()).toBe("2 new comments shown.");
    await waitFor(() => expect(document.activeElement).toBe(article("n1")));
    expect(screen.queryByRole("button", { name: /new comment/ })).toBeNull();
  });

  it("go on top in a newest-first thread", async () => {
    await renderApp(nestedThread(), { sort: "newest" });
    const ws = await socket();
    ws.open();
    ws.say({ type: "comment", comment: comment("n1", null, "Nadia", "<p>Fresh</p>") });
    fireEvent.click(await screen.findByRole("button", { name: "1 new comment" }));
    await waitFor(() => expect(document.querySelector(".comments > li > article")?.id).toBe("comment-n1"));
  });

  it("never doubles the reader's own comment", async () => {
    await renderApp(nestedThread());
    const ws = await socket();
    ws.open();
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fireEvent.input(within(form).getByLabelText("Comment"), { target: { value: "Mine" } });
    fireEvent.click(within(form).getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(article("new1")).toBeTruthy());
    ws.say({ type: "comment", comment: { ...comment("new1", null, "Me", "<p>Mine</p>") } });
    ws.say({ type: "count", commentCount: 9 });
    await waitFor(() => expect(heading()).toBe("9 comments"));
    expect(screen.queryByRole("button", { name: /new comment/ })).toBeNull();
    expect(document.querySelectorAll('[id="comment-new1"]')).toHaveLength(1);
  });
});

describe("the reader's own comment heard before the POST's answer", () => {
  it("is drawn once and counted once", async () => {
    const api = await renderApp(nestedThread());
    const ws = await socket();
    ws.open();
    const mine = comment("raced", null, "Me", "<p>Raced</p>");
    api.nextPost = () => {
      ws.say({ type: "comment", comment: mine });
      ws.say({ type: "count", commentCount: 9 });
      const until = new Date(Date.now() + 600_000).toISOString();
      return json(201, { comment: mine, editToken: "e".repeat(43), editableUntil: until });
    };
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fireEvent.input(within(form).getByLabelText("Comment"), { target: { value: "Raced" } });
    fireEvent.click(within(form).getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(article("raced")).toBeTruthy());
    await waitFor(() => expect(heading()).toBe("9 comments"));
    await new Promise((r) => setTimeout(r, 50));
    expect(heading()).toBe("9 comments");
    expect(screen.queryByRole("button", { name: /new comment/ })).toBeNull();
    expect(document.querySelectorAll('[id="comment-raced"]')).toHaveLength(1);
  });
});

describe("comments the thread holds already", () => {
  it("the reader's own held comment, once approved, changes in place", async () => {
    await renderApp(nestedThread(), {}, "all");
    const ws = await socket();
    ws.open();
    const form = screen.getByRole("form", { name: "Leave a comment" });
    fireEvent.input(within(form).getByLabelText("Comment"), { target: { value: "Held" } });
    fireEvent.click(within(form).getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(article("new1")?.textContent).toContain("awaiting moderation"));
    expect(heading()).toBe("8 comments");
    ws.say({ type: "comment", comment: comment("new1", null, "Me", "<p>Held</p>") });
    ws.say({ type: "count", commentCount: 9 });
    await waitFor(() => expect(article("new1").textContent).not.toContain("awaiting moderation"));
    await waitFor(() => expect(heading()).toBe("9 comments"));
    await new Promise((r) => setTimeout(r, 50));
    expect(heading()).toBe("9 comments");
    expect(screen.queryByRole("button", { name: /new comment/ })).toBeNull();
  });

  it("one offered, then loaded with the next page, leaves the offer and keeps the count", async () => {
    const first = { ...nestedThread(), nextCursor: "page2" };
    const later = comment("n1", null, "Nadia", "<p>On page two</p>");
    const api = await renderApp(first, {}, undefined, {
      "GET /api/v1/threads": (call) =>
        json(
          200,
          call.url.searchParams.get("cursor") ? { ...first, comments: [later], nextCursor: null } : first,
        ),
    });
    const ws = await socket();
    ws.open();
    ws.say({ type: "comment", comment: later });
    ws.say({ type: "count", commentCount: 9 });
    await screen.findByRole("button", { name: "1 new comment" });
    fireEvent.click(screen.getByRole("button", { name: "Load more comments" }));
    await waitFor(() => expect(article("n1")).toBeTruthy());
    await waitFor(() => expect(screen.queryByRole("button", { name: /new comment/ })).toBeNull());
    expect(heading()).toBe("9 comments");
    expect(api.calls.some((c) => c.url.searchParams.get("cursor") === "page2")).toBe(true);
  });
});

describe("edits and removals", () => {
  it("apply in place at once, a removed comment with replies keeping its place", async () => {
    await renderApp(nestedThread());
    const ws = await socket();
    ws.open();
    ws.say({ type: "update", comment: comment("c1", null, "WomanVoter", "<p>Edited words</p>") });
    await waitFor(() => expect(article("c1").textContent).toContain("Edited words"));
    ws.say({ type: "remove", id: "c8" });
    await waitFor(() => expect(article("c8")).toBeNull());
    ws.say({ type: "remove", id: "c2" });
    await waitFor(() => expect(article("c2").textContent).toContain("This comment was deleted."));
    expect(article("c3")).toBeTruthy();
    // One waiting, then removed before it was shown: the button goes with it.
    ws.say({ type: "comment", comment: comment("n1", null, "Nadia", "<p>Soon gone</p>") });
    await screen.findByRole("button", { name: "1 new comment" });
    ws.say({ type: "remove", id: "n1" });
    await waitFor(() => expect(screen.queryByRole("button", { name: /new comment/ })).toBeNull());
  });
});

describe("changes of the page itself", () => {
  it("a lock closes the form and an unlock brings it back, in place", async () => {
    await renderApp(nestedThread());
    const ws = await socket();
    ws.open();
    ws.say({ type: "thread", thread: { locked: true } });
    await screen.findByText("Comments are closed.");
    ws.say({ type: "thread", thread: { locked: false } });
    await waitFor(() => expect(screen.queryByText("Comments are closed.")).toBeNull());
    expect(article("c1")).toBeTruthy();
  });

  it("a merge or a move reads the thread again, in the reader's order, offering nothing", async () => {
    const thread = nestedThread();
    const api = await renderApp(thread);
    const ws = await socket();
    ws.open();
    const before = reads(api).length;
    thread.comments = [comment("m1", null, "Mira", "<p>Merged in</p>"), ...thread.comments];
    thread.thread = { ...thread.thread, commentCount: thread.thread.commentCount + 1 };
    ws.say({ type: "reload" });
    await waitFor(() => expect(article("m1")).toBeTruthy());
    expect(reads(api).length).toBe(before + 1);
    expect(reads(api).at(-1)?.url.searchParams.get("cursor")).toBeNull();
    expect(screen.queryByRole("button", { name: /new comment/ })).toBeNull();
  });
});

describe("when the socket is open", () => {
  it("only while the thread is near the screen and the tab visible, catching up on return", async () => {
    FakeObserver.near = false;
    const api = await renderApp(nestedThread());
    await new Promise((r) => setTimeout(r, 50));
    expect(FakeSocket.all).toHaveLength(0);
    const observer = FakeObserver.all.find((o) => [...o.targets].some((t) => t.matches("section.thread")));
    observer?.scrollNear([...observer.targets][0] as Element);
    const first = await socket();
    first.open();
    setVisibility("hidden");
    expect(first.closed).toBe(true);
    const before = reads(api).length;
    setVisibility("visible");
    const second = await socket(2);
    expect(second.closed).toBe(false);
    // What was said while it was closed is read once.
    await waitFor(() => expect(reads(api).length).toBe(before + 1));
    expect(reads(api).at(-1)?.url.searchParams.get("sort")).toBe("newest");
  });

  it("falls back to a GET every 30 s when sockets cannot connect, and shows what it finds", async () => {
    const timers = vi.spyOn(globalThis, "setInterval");
    const thread = nestedThread();
    const api = await renderApp(thread);
    const ws = await socket();
    ws.drop(); // refused before it opened: blocked here
    await waitFor(() => expect(reads(api).length).toBe(2));
    // The poll's timer, run as if 30 s had passed (faking every timer would stop waitFor's own).
    const poll = timers.mock.calls.find(([, ms]) => ms === 30_000)?.[0] as () => void;
    expect(poll).toBeTypeOf("function");
    thread.comments.push(comment("n1", null, "Nadia", "<p>Polled</p>"));
    poll();
    await waitFor(() => expect(reads(api).length).toBe(3));
    await screen.findByRole("button", { name: "1 new comment" });
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("offers only what is new, not a page of the thread the reader has not loaded", async () => {
    const timers = vi.spyOn(globalThis, "setInterval");
    const first = { ...nestedThread(), nextCursor: "page2" };
    // The newest page holds a root from a page not loaded (older than the poll, not new).
    const unloaded = comment("u1", null, "Una", "<p>From page two</p>");
    const newest = { ...first, comments: [unloaded], nextCursor: null };
    const api = await renderApp(first, {}, undefined, {
      "GET /api/v1/threads": (call) =>
        json(200, call.url.searchParams.get("sort") === "newest" ? newest : first),
    });
    (await socket()).drop();
    await waitFor(() => expect(reads(api).length).toBe(2));
    const poll = timers.mock.calls.find(([, ms]) => ms === 30_000)?.[0] as () => void;
    newest.comments = [comment("n1", null, "Nadia", "<p>Really new</p>"), unloaded];
    poll();
    await screen.findByRole("button", { name: "1 new comment" });
    fireEvent.click(screen.getByRole("button", { name: "1 new comment" }));
    await waitFor(() => expect(article("n1")).toBeTruthy());
    expect(article("u1")).toBeNull();
  });
});
