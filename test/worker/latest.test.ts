// GET /api/v1/latest (docs/api.md): a site's newest approved comments in their public shape, each
// with its page; held, spam and deleted ones and other sites' never; bad input the documented 4xx.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ARTICLE, addSite, api, BLOG, expectError, post, RESET_SQL, snapshot } from "./helpers.ts";

const OTHER_PAGE = `${BLOG}/2024/06/other/`;
const latest = (query: string, origin = BLOG) =>
  api(`/api/v1/latest?${query}`, { headers: { Origin: origin } });

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
});

describe("GET /api/v1/latest", () => {
  it("answers the site's newest approved comments, newest first, with their pages", async () => {
    const a = (await post({ text: "first", author: { name: "Ann", email: "ann@example.com" } })).json.comment
      .id;
    const b = (await post({ url: OTHER_PAGE, title: "Other", text: "second" })).json.comment.id;
    const c = (await post({ text: "a *reply*", parentId: a })).json.comment.id;
    await env.DB.prepare("UPDATE comments SET status = 'spam' WHERE id = ?1").bind(b).run();
    const d = (await post({ url: OTHER_PAGE, text: "fourth" })).json.comment.id;
    await addSite("other", ["https://other.example"]);
    await post(
      { site: "other", url: "https://other.example/x", text: "elsewhere" },
      { Origin: "https://other.example" },
    );

    const res = await latest("site=blog");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    const { comments } = (await res.json()) as any;
    expect(comments.map((x: any) => x.id)).toEqual([d, c, a]);
    expect(comments[1]).toMatchObject({
      id: c,
      parentId: a,
      html: "<p>a <em>reply</em></p>",
      status: "approved",
      reactions: {},
      page: { url: ARTICLE },
    });
    expect(comments[0].page).toEqual({ url: OTHER_PAGE, title: "Other" });
    expect(comments[2].author).toMatchObject({ name: "Ann" });
    const text = JSON.stringify(comments);
    expect(text).not.toContain("ann@example.com");
    expect(text).not.toContain("*reply*");

    const two = (await (await latest("site=blog&limit=2")).json()) as any;
    expect(two.comments.map((x: any) => x.id)).toEqual([d, c]);
  });

  it("answers an empty list for a site without comments", async () => {
    expect(await (await latest("site=blog")).json()).toEqual({ comments: [] });
  });

  it("refuses bad input with the documented 4xx, writing nothing", async () => {
    await post({ text: "x" });
    const before = await snapshot();
    for (const [query, field] of [
      ["", "site"],
      ["site=blog&limit=0", "limit"],
      ["site=blog&limit=51", "limit"],
      ["site=blog&limit=x", "limit"],
      ["site=blog&limit=-1", "limit"],
    ]) {
      const error = await expectError(await latest(query as string), 400, "validation_failed");
      expect(Object.keys(error.fields), query).toContain(field);
    }
    await expectError(await latest("site=nope"), 404, "unknown_site");
    await expectError(await latest("site=blog", "https://evil.example"), 403, "origin_not_allowed");
    expect(await snapshot()).toBe(before);
  });
});
