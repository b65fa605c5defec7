import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { pageKey, pageKeyFromUrl } from "../../shared/page-key.ts";
import { httpUrlSchema } from "../../shared/schemas.ts";

describe("pageKeyFromUrl", () => {
  const cases: [string, string][] = [
    // The example of api.md.
    ["https://Blog.example.com/a/b/?utm_source=x&b=2&a=1#c", "/a/b?a=1&b=2"],
    ["https://blog.example.com", "/"],
    ["https://blog.example.com/", "/"],
    ["https://blog.example.com/index.html", "/"],
    ["https://blog.example.com/index.htm", "/"],
    ["https://blog.example.com/post/index.html", "/post"],
    ["https://blog.example.com/post/index.html?x=1", "/post?x=1"],
    ["https://blog.example.com/post///", "/post"],
    ["https://blog.example.com/post#comments", "/post"],
    ["https://blog.example.com/post?", "/post"],
    ["https://blog.example.com/post?utm_medium=a&utm_campaign=b&UTM_TERM=c", "/post"],
    ["https://blog.example.com/p?fbclid=1&gclid=2&msclkid=3&mc_cid=4&mc_eid=5&ref=6&ref_src=7", "/p"],
    ["https://blog.example.com/p?id=7&ref=hn", "/p?id=7"],
    ["https://blog.example.com/p?referrer=x", "/p?referrer=x"],
    ["https://blog.example.com/p?z=1&a=2&m=3", "/p?a=2&m=3&z=1"],
    ["https://blog.example.com/p?a=2&a=1", "/p?a=1&a=2"],
    ["https://blog.example.com/%7euser/%2fslash", "/~user/%2Fslash"],
    ["https://blog.example.com/caf%c3%a9", "/caf%C3%A9"],
    ["https://blog.example.com/café", "/caf%C3%A9"],
    ["https://blog.example.com/p?q=caf%c3%a9&x=%41", "/p?q=caf%C3%A9&x=A"],
    ["https://blog.example.com/a/./b/../c/", "/a/c"],
    ["http://blog.example.com:8080/Case/Sensitive", "/Case/Sensitive"],
    ["https://blog.example.com/index.html/", "/"],
    ["https://blog.example.com/p?&&b=1&&", "/p?b=1"],
    ["https://blog.example.com/indexes.html", "/indexes.html"],
  ];
  for (const [url, key] of cases) {
    it(`${url} → ${key}`, () => {
      expect(pageKeyFromUrl(url)).toBe(key);
      // The API stores the URL as the schema gives it (its URL.href): the same thread either way.
      expect(pageKeyFromUrl(v.parse(httpUrlSchema, url))).toBe(key);
    });
  }

  it("refuses non-http URLs", () => {
    expect(() => pageKeyFromUrl("javascript:alert(1)")).toThrow();
    expect(() => pageKeyFromUrl("ftp://example.com/a")).toThrow();
    expect(() => pageKeyFromUrl("not a url")).toThrow();
  });
});

describe("pageKey", () => {
  it("uses the page id verbatim when one is given", () => {
    expect(pageKey({ pageId: "Post 42/ä", url: "https://x.example/a" })).toBe("id:Post 42/ä");
  });

  it("falls back to the URL", () => {
    expect(pageKey({ pageId: null, url: "https://x.example/a/" })).toBe("/a");
  });

  it("needs one of them", () => {
    expect(() => pageKey({})).toThrow();
  });
});
