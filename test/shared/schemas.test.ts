// The shared request rules on their own: objects must be plain objects, and every stored URL is
// the parser's URL.href, never the text as typed.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { bulkSchema, sitePatchSchema, threadPatchSchema } from "../../shared/admin-schemas.ts";
import {
  authorSchema,
  createCommentSchema,
  httpUrlSchema,
  plainObject,
  previewSchema,
} from "../../shared/schemas.ts";

const valid = { site: "blog", url: "https://blog.example.com/p", text: "hi" };

describe("plainObject", () => {
  it("refuses arrays and other non-plain objects where an object belongs", () => {
    const schema = plainObject({ name: v.optional(v.string()) });
    for (const bad of [["a"], [], new Date(0), new Map(), "a", 1, true]) {
      const result = v.safeParse(schema, bad);
      expect([result.success, result.issues?.[0]?.message]).toEqual([false, "invalid"]);
    }
    expect(v.parse(schema, Object.create(null))).toEqual({});
  });

  it("still drops unknown keys instead of refusing them", () => {
    expect(v.parse(previewSchema, { site: "blog", text: "x", extra: [1] })).toEqual({
      site: "blog",
      text: "x",
    });
  });

  it("is what every nested and top-level request object uses", () => {
    for (const [schema, body] of [
      [createCommentSchema, { ...valid, author: ["a"] }],
      [createCommentSchema, ["a"]],
      [authorSchema, [{ name: "x" }]],
      [bulkSchema, [["x"], "spam"]],
      [sitePatchSchema, [{ name: "x" }]],
      [threadPatchSchema, [true]],
    ] as const) {
      expect(v.safeParse(schema as v.GenericSchema, body).success).toBe(false);
    }
  });
});

describe("URLs become their URL.href", () => {
  const cases: [string, string][] = [
    ['https://ok.example/"onmouseover="alert(1)', "https://ok.example/%22onmouseover=%22alert(1)"],
    ["https://ok.example/a b?q=<x>#f g", "https://ok.example/a%20b?q=%3Cx%3E#f%20g"],
    ["  HTTPS://OK.Example:443/Path  ", "https://ok.example/Path"],
    ["https://ok.example", "https://ok.example/"],
    ["https://bücher.example/", "https://xn--bcher-kva.example/"],
  ];
  for (const [typed, href] of cases) {
    it(`${JSON.stringify(typed)} → ${href}`, () => {
      expect(v.parse(httpUrlSchema, typed)).toBe(href);
      expect(v.parse(authorSchema, { website: typed }).website).toBe(href);
      expect(v.parse(sitePatchSchema, { webhookUrl: typed }).webhookUrl).toBe(href);
      expect(v.parse(threadPatchSchema, { url: typed }).url).toBe(href);
    });
  }

  it("keeps an empty website as 'not given' and still refuses non-http URLs", () => {
    expect(v.parse(authorSchema, { website: "" }).website).toBe("");
    expect(v.safeParse(authorSchema, { website: "javascript:alert(1)" }).success).toBe(false);
    expect(v.safeParse(httpUrlSchema, "ftp://x.example/").success).toBe(false);
  });

  it("measures the length limit on what is stored", () => {
    // 700 quotes are 700 characters typed and 2,100 stored (%22 each): over the 2,048 limit.
    const result = v.safeParse(httpUrlSchema, `https://ok.example/${'"'.repeat(700)}`);
    expect([result.success, result.issues?.[0]?.message]).toEqual([false, "too_long"]);
  });
});
