// The forms come from write.js, loaded on demand. Its own file, so no earlier test has loaded it.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { expect, it, vi } from "vitest";
import { App } from "../../widget/src/components/app.tsx";
import { serveChunks } from "./chunks.ts";
import { fakeApi } from "./fake-api.ts";
import { nestedThread } from "./fixtures.ts";
import { options } from "./render-app.tsx";

it("holds the form's place with an empty box while write.js is on its way", async () => {
  const thread = nestedThread();
  (thread.comments[0] as { likes: number }).likes = 2;
  vi.stubGlobal("fetch", fakeApi(thread).fetch);
  const requested: string[] = [];
  // A network that never answers this file.
  document.head.append = (...nodes: (Node | string)[]) => {
    for (const n of nodes) requested.push((n as HTMLScriptElement).src);
  };
  render(<App options={{ ...options, assets: "https://comments.example.com/slow/" }} />);
  await screen.findByRole("heading", { name: "8 comments" });
  expect(requested).toEqual(["https://comments.example.com/slow/write.js"]);
  // The live updates' place too (it takes no room: live.js draws only its button there).
  const boxes = [...document.querySelectorAll(".placeholder.Live, .placeholder.CommentForm")];
  expect(boxes.map((b) => b.className)).toEqual(["placeholder Live", "placeholder CommentForm"]);
  for (const box of boxes) expect(box.childNodes).toHaveLength(0);
  expect(screen.queryByRole("form")).toBeNull();
  // The page's reactions bar waits in an empty box too.
  expect(document.querySelectorAll(".placeholder.Reactions")).toHaveLength(1);
  // Each comment's buttons are drawn read-only, as write.js will draw them (with the likes
  // count); pressing one does nothing yet, and its reactions and Report wait for write.js.
  const rows = document.querySelectorAll(".actions-row");
  expect(rows).toHaveLength(8);
  const first = rows[0] as HTMLElement;
  expect(
    within(first)
      .getAllByRole("button")
      .map((b) => b.textContent),
  ).toEqual(["Like 2", "Reply"]);
  fireEvent.click(within(first).getByRole("button", { name: "Reply" }));
  expect(screen.queryByRole("form")).toBeNull();
  expect(document.querySelectorAll(".placeholder")).toHaveLength(2 + 1 + 1); // + Permalink
  cleanup();
});

it("asks for write.js while the thread loads, holds the form's place, and offers a retry when it fails", async () => {
  vi.stubGlobal("fetch", fakeApi(nestedThread()).fetch);
  const chunks = serveChunks();
  chunks.failing.add(`${options.assets}write.js`);
  render(<App options={options} />);
  // Requested before the thread is even drawn.
  expect(chunks.requested).toEqual([`${options.assets}write.js`]);
  await screen.findByRole("heading", { name: "8 comments" });

  // One way to retry, the form's: the reactions bars that could not load are left out.
  const alert = await screen.findByRole("alert");
  expect(screen.getAllByRole("alert")).toHaveLength(1);
  expect(alert.textContent).toContain("Could not reach the comment server.");
  expect(screen.queryByRole("form")).toBeNull();
  const before = chunks.requested.length;
  chunks.failing.clear();
  fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("form", { name: "Leave a comment" })).toBeTruthy();
  expect(chunks.requested).toHaveLength(before + 1);
  expect(new Set(chunks.requested)).toEqual(new Set([`${options.assets}write.js`]));
});
