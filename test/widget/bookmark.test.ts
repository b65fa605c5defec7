// D1 read replication: the widget sends the bookmark of its last write back with its next reads
// of the same API, as a query parameter (no CORS preflight), and only there.
import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchReplies, fetchThread } from "../../widget/src/api.ts";
import { like, postComment } from "../../widget/src/write/api.ts";

const asked: URL[] = [];

function answer(headers: Record<string, string> = {}, status = 200) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      asked.push(new URL(input));
      const body = status === 204 ? null : JSON.stringify({ comments: [], nextCursor: null, likes: 1 });
      return new Response(body, { status, headers: { "Content-Type": "application/json", ...headers } });
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  asked.length = 0;
});

describe("the bookmark of a write", () => {
  it("is sent with the next thread and replies reads of that API, and replaced by later writes", async () => {
    const api = "https://one.example";
    answer();
    await fetchThread(api, { site: "blog", url: "https://blog.example/p/" });
    expect(asked[0]?.searchParams.has("bookmark")).toBe(false);

    answer({ "X-Confab-Bookmark": "0000000a-00000001-00000000-00000000000000000000000000000000" });
    await postComment(api, { site: "blog", text: "hi" } as never, "key-12345678");
    answer({ "X-Confab-Bookmark": "0000000b-00000001-00000000-00000000000000000000000000000000" });
    // A read's bookmark is not kept: only writes move it.
    await fetchThread(api, { site: "blog", url: "https://blog.example/p/" });
    await fetchReplies(api, "r1", "c9");
    expect(asked.map((u) => u.searchParams.get("bookmark"))).toEqual([
      null,
      null,
      "0000000a-00000001-00000000-00000000000000000000000000000000",
      "0000000a-00000001-00000000-00000000000000000000000000000000",
    ]);
    expect(asked[3]?.searchParams.get("cursor")).toBe("c9");

    answer({ "X-Confab-Bookmark": "0000000c-00000001-00000000-00000000000000000000000000000000" });
    await like(api, "c1", true);
    await fetchReplies(api, "r1", null);
    expect(asked.at(-1)?.searchParams.get("bookmark")).toBe(
      "0000000c-00000001-00000000-00000000000000000000000000000000",
    );
    expect(asked.at(-1)?.searchParams.has("cursor")).toBe(false);
  });

  it("is never sent to another API", async () => {
    answer({ "X-Confab-Bookmark": "0000000d-00000001-00000000-00000000000000000000000000000000" });
    await like("https://two.example", "c1", true);
    await fetchThread("https://three.example", { site: "blog", pageId: "p" });
    await fetchThread("https://two.example", { site: "blog", pageId: "p" });
    expect(asked.map((u) => [u.origin, u.searchParams.get("bookmark")])).toEqual([
      ["https://two.example", null],
      ["https://three.example", null],
      ["https://two.example", "0000000d-00000001-00000000-00000000000000000000000000000000"],
    ]);
  });
});
