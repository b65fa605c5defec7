// The smallest Confab export file (docs/export-format.md) of one site and one thread of ARTICLE,
// for tests of what an import accepts and refuses: `thread` adds to the thread's fields,
// `comments` are its comments as written.
import { ARTICLE } from "./helpers.ts";

export const FILE_THREAD = {
  id: "t1",
  key: "/2024/05/hello-world",
  url: ARTICLE,
  title: null,
  locked: false,
  createdAt: "2026-01-01T00:00:00.000Z",
};

export function confabFile(q: { thread?: Record<string, unknown>; comments?: unknown[] } = {}): string {
  return JSON.stringify({
    format: "confab-export",
    version: 1,
    site: { id: "blog" },
    threads: [{ ...FILE_THREAD, ...q.thread }],
    comments: q.comments ?? [],
    bans: [],
  });
}
