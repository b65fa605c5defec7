// What a fetched source says about its target: whether it links to it at all (an `<a href>`, or a
// `u-in-reply-to`, `u-like-of`, `u-repost-of` of its h-entry), and its h-entry read with the
// microformats2 parser (microformats-parser, the community's maintained one): the kind of
// mention, the author's h-card and the content. Links are compared as pages are (the origin and
// the page key of shared/page-key.ts), so `?utm_source=…` or a trailing slash still match.
import { mf2 } from "microformats-parser";
import { pageKeyFromUrl } from "../../../../shared/page-key.ts";
import type { MentionKind } from "../../../../shared/types.ts";
import { scanMarkup } from "./scan-markup.ts";

/** Beyond these the parser is not run (scan-markup.ts): real pages stay far below them. */
export const MARKUP_LIMITS = { depth: 400, classes: 2_000 } as const;

type Property = ReturnType<typeof mf2>["items"][number]["properties"][string][number];
type Item = ReturnType<typeof mf2>["items"][number];

export interface SourceEntry {
  kind: MentionKind;
  /** The post's own URL (its `u-url`, else the page fetched). */
  url: string;
  author: { name: string; url: string | null };
  /** The entry's content as HTML (escaped text when it had only text); "" for likes and reposts. */
  html: string;
  /** The comment a reply answers, when it replies to a comment's permalink (`#comment-<id>`). */
  replyTo: string | null;
  /** The entry's `dt-published`, as written (checked where it becomes a comment: sourceTime). */
  publishedAt: string | null;
}

/** The comment id of a permalink (`…#comment-<id>`, as the widget links a comment), or null. */
export function commentOfPermalink(url: string, base: string): string | null {
  try {
    return /^#comment-([0-9a-z]{1,40})$/.exec(new URL(url, base).hash)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** A URL's identity as a page: its origin and page key, or null when it is not an http(s) URL. */
function pageOf(url: string, base: string): string | null {
  try {
    const u = new URL(url, base);
    return `${u.origin}${pageKeyFromUrl(u.href)}`;
  } catch {
    return null;
  }
}

const isItem = (p: Property | undefined): p is Item =>
  typeof p === "object" && p !== null && "properties" in p;

/** A property's URLs: plain values, or the `url` of an embedded h-cite. */
function urlsOf(values: Property[] | undefined): string[] {
  return (values ?? []).flatMap((v) => {
    if (typeof v === "string") return [v];
    if (isItem(v)) return urlsOf(v.properties.url);
    return "value" in v && typeof v.value === "string" ? [v.value] : [];
  });
}

const text = (p: Property | undefined): string | null =>
  typeof p === "string" ? p : p && !isItem(p) && "value" in p && typeof p.value === "string" ? p.value : null;

/** The first h-entry, at the top or inside an h-feed. */
function entryOf(items: Item[]): Item | null {
  for (const item of items) {
    if (item.type?.includes("h-entry")) return item;
    const inner = entryOf(item.children ?? []);
    if (inner) return inner;
  }
  return null;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An http(s) URL as the parser resolved it, or null (no `javascript:` link reaches a reader). */
function httpUrl(value: string | null | undefined, base: string): string | null {
  if (!value) return null;
  try {
    const u = new URL(value, base);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/** The h-entry's author (an h-card or a name); else the source's host, linking to its home page. */
function authorOf(entry: Item | null, sourceUrl: string): SourceEntry["author"] {
  const author = entry?.properties.author?.[0];
  const { hostname, origin } = new URL(sourceUrl);
  const card = isItem(author) ? author : null;
  const name = (card ? text(card.properties.name?.[0]) : text(author))?.trim().slice(0, 200);
  const url = card ? httpUrl(text(card.properties.url?.[0]), sourceUrl) : null;
  return { name: name || hostname, url: url ?? `${origin}/` };
}

function contentOf(entry: Item | null, sourceUrl: string): string {
  const content = entry?.properties.content?.[0];
  if (content && typeof content === "object" && "html" in content && content.html.trim()) return content.html;
  const plain = text(content) ?? text(entry?.properties.summary?.[0]) ?? text(entry?.properties.name?.[0]);
  if (plain?.trim()) return `<p>${escapeHtml(plain.trim())}</p>`;
  // A page that only links: what it says is its address.
  return `<p><a href="${escapeHtml(sourceUrl)}">${escapeHtml(sourceUrl)}</a></p>`;
}

/** Why the page is not given to the parser, or null. */
function markupProblem(markup: ReturnType<typeof scanMarkup>): string | null {
  if (markup.depth > MARKUP_LIMITS.depth) return `the source nests elements over ${MARKUP_LIMITS.depth} deep`;
  if (markup.classes > MARKUP_LIMITS.classes)
    return `the source has over ${MARKUP_LIMITS.classes} microformats classes`;
  return null;
}

/** The source's mention of `target`; null when the page does not link to it; a problem when it
 * cannot be read. */
export function readSource(
  html: string,
  sourceUrl: string,
  target: string,
): SourceEntry | null | { problem: string } {
  const wanted = pageOf(target, target);
  const matches = (urls: string[]) => urls.some((u) => pageOf(u, sourceUrl) === wanted);
  const markup = scanMarkup(html);
  const problem = markupProblem(markup);
  if (problem) return { problem };
  let parsed: ReturnType<typeof mf2>;
  try {
    parsed = mf2(html, { baseUrl: sourceUrl });
  } catch {
    return { problem: "the source could not be read" };
  }
  const entry = entryOf(parsed.items);
  const props = entry?.properties ?? {};
  const kind: MentionKind | null = matches(urlsOf(props["like-of"]))
    ? "like"
    : matches(urlsOf(props["repost-of"]))
      ? "repost"
      : matches(urlsOf(props["in-reply-to"]))
        ? "reply"
        : matches(markup.hrefs)
          ? "mention"
          : null;
  if (!kind) return null;
  // The post's own URL is believed on the source's own origin only: it is the link readers follow.
  const own = httpUrl(urlsOf(props.url)[0], sourceUrl);
  const url = own && new URL(own).origin === new URL(sourceUrl).origin ? own : sourceUrl;
  const counted = kind === "like" || kind === "repost";
  const answered = kind === "reply" ? urlsOf(props["in-reply-to"]).find((u) => matches([u])) : undefined;
  // The target as received has no fragment (receive.ts): the permalink is the entry's in-reply-to.
  const replyTo = answered ? commentOfPermalink(answered, sourceUrl) : null;
  return {
    kind,
    url,
    author: authorOf(entry, sourceUrl),
    html: counted ? "" : contentOf(entry, sourceUrl),
    replyTo,
    publishedAt: text(props.published?.[0]),
  };
}
