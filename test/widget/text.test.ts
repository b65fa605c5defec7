import { describe, expect, it } from "vitest";
import { t } from "../../widget/src/i18n/t.ts";
import { buildTree } from "../../widget/src/tree.ts";
import { comment } from "./fixtures.ts";

describe("t", () => {
  it("chooses the plural form by n and fills placeholders", () => {
    expect(t("count", { n: 0 })).toBe("No comments yet");
    expect(t("count", { n: 1 })).toBe("1 comment");
    expect(t("count", { n: 16 })).toBe("16 comments");
    expect(t("count", { n: 1234 })).toBe("1,234 comments");
    expect(t("replyingTo", { name: "Ann" })).toBe("replying to Ann");
    expect(t("anonymous")).toBe("Anonymous");
  });
});

describe("buildTree", () => {
  it("nests by parentId and keeps the server's order among siblings", () => {
    const roots = buildTree([
      comment("a", null, "A", ""),
      comment("b", "a", "B", ""),
      comment("c", "b", "C", ""),
      comment("d", "a", "D", ""),
      comment("e", null, "E", ""),
    ]);
    const shape = (nodes: ReturnType<typeof buildTree>): unknown[] =>
      nodes.map((n) => [n.comment.id, shape(n.children)]);
    expect(shape(roots)).toEqual([
      [
        "a",
        [
          ["b", [["c", []]]],
          ["d", []],
        ],
      ],
      ["e", []],
    ]);
  });

  it("shows a reply whose parent is missing as a root instead of losing it", () => {
    const roots = buildTree([comment("a", null, "A", ""), comment("orphan", "gone", "O", "")]);
    expect(roots.map((n) => n.comment.id)).toEqual(["a", "orphan"]);
  });
});
