import { describe, expect, it } from "vitest";
import { en } from "../../widget/src/i18n/en.ts";
import { pickLang } from "../../widget/src/i18n/load.ts";
import { makeT, type Strings, english as t } from "../../widget/src/i18n/t.ts";
import ar from "../../widget/src/i18n/tables/ar.ts";
import de from "../../widget/src/i18n/tables/de.ts";
import es from "../../widget/src/i18n/tables/es.ts";
import fr from "../../widget/src/i18n/tables/fr.ts";
import ja from "../../widget/src/i18n/tables/ja.ts";
import pt from "../../widget/src/i18n/tables/pt.ts";
import ru from "../../widget/src/i18n/tables/ru.ts";
import zhCN from "../../widget/src/i18n/tables/zh-CN.ts";
import { enLive } from "../../widget/src/live/en.ts";
import { enSignIn } from "../../widget/src/signin/en.ts";
import { formatTime } from "../../widget/src/time.ts";
import { buildTree } from "../../widget/src/tree.ts";
import { enWrite } from "../../widget/src/write/en.ts";
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

describe("languages", () => {
  const tables: Record<string, Strings & { markdownHelp: string }> = {
    ar,
    de,
    es,
    fr,
    ja,
    pt,
    ru,
    "zh-CN": zhCN,
  };
  const english = { ...en, ...enWrite, ...enSignIn, ...enLive };

  it("translates every English string, keeping its placeholders, with help for Markdown", () => {
    for (const [lang, table] of Object.entries(tables)) {
      expect(Object.keys(table).sort(), lang).toEqual([...Object.keys(english), "markdownHelp"].sort());
      for (const [key, value] of Object.entries(english)) {
        const vars = (s: unknown) =>
          JSON.stringify(s)
            .match(/\{\w+\}/g)
            ?.filter((v, i, a) => a.indexOf(v) === i)
            .sort();
        const theirs = table[key as keyof Strings];
        // A plural entry may spell out small numbers ("تعليقان") instead of using {n}.
        if (typeof value === "string") expect(vars(theirs), `${lang} ${key}`).toEqual(vars(value));
        else expect(typeof theirs, `${lang} ${key}`).toBe("object");
      }
      expect(table.markdownHelp.split("\n").length, lang).toBeGreaterThanOrEqual(5);
    }
  });

  it("chooses plurals by the language's own rules", () => {
    const russian = makeT("ru", ru);
    expect([1, 3, 5, 21, 0].map((n) => russian("count", { n }))).toEqual([
      "1 комментарий",
      "3 комментария",
      "5 комментариев",
      "21 комментарий",
      "Комментариев пока нет",
    ]);
    const arabic = makeT("ar", ar);
    expect(arabic("count", { n: 2 })).toBe("تعليقان");
    expect(arabic("count", { n: 3 })).toBe("3 تعليقات");
    expect(arabic("count", { n: 11 })).toBe("11 تعليقًا");
    expect(arabic.dir).toBe("rtl");
    expect(makeT("de", de)("count", { n: 1234 })).toBe("1.234 Kommentare");
    expect(makeT("ja", ja)("count", { n: 1 })).toBe("1 件のコメント");
  });

  it("falls back to English for a string a table lacks", () => {
    expect(makeT("fr", { reply: "Répondre" })("retry")).toBe("Try again");
  });

  it("picks data-lang, then the page's language, then the browser's, then English", () => {
    expect(pickLang(["de", "fr", "ja"])).toBe("de");
    expect(pickLang([undefined, "", "pt-BR", "fr"])).toBe("pt");
    expect(pickLang([null, "zh-Hans", "en"])).toBe("zh-CN");
    expect(pickLang(["ZH-cn"])).toBe("zh-CN");
    expect(pickLang(["ar-EG"])).toBe("ar");
    expect(pickLang(["xx", "sv-SE"])).toBe("en");
    expect(pickLang([])).toBe("en");
  });
});

describe("formatTime", () => {
  const now = Date.parse("2011-04-01T12:00:00.000Z");

  it("says how long ago in the reader's language and gives the full date for the tooltip", () => {
    expect(formatTime("2011-04-01T11:59:30.000Z", "en", now).text).toBe("30 seconds ago");
    expect(formatTime("2011-04-01T11:00:00.000Z", "en", now).text).toBe("1 hour ago");
    expect(formatTime("2011-03-31T12:00:00.000Z", "en", now).text).toBe("yesterday");
    expect(formatTime("2011-03-18T12:00:00.000Z", "en", now).text).toBe("2 weeks ago");
    expect(formatTime("2009-04-01T12:00:00.000Z", "en", now).text).toBe("2 years ago");
    expect(formatTime("2011-04-01T12:00:00.000Z", "en", now).text).toBe("now");
    expect(formatTime("2011-04-01T09:00:00.000Z", "de", now).text).toBe("vor 3 Stunden");
    expect(formatTime("2011-04-01T06:12:00.000Z", "en", now).title).toMatch(
      /^April 1, 2011 at \d+:12 [AP]M$/,
    );
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
