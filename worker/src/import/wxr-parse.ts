// A small reader of WordPress WXR exports: posts with their link, title, date and comment status,
// and their comments. Regular expressions suffice for WXR's flat, generated structure.

export interface WxrComment {
  id: string;
  parent: string;
  author: string;
  email: string;
  url: string;
  dateGmt: string;
  content: string;
  approved: string;
  type: string;
}

export interface WxrPost {
  title: string;
  link: string;
  dateGmt: string;
  commentStatus: string;
  comments: WxrComment[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function text(xml: string, tag: string): string {
  const m = xml.match(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`));
  if (!m?.[1]) return "";
  const cdata = m[1].match(/^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/);
  if (cdata?.[1] !== undefined) return cdata[1];
  return m[1].replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (all, e: string) => {
    if (e[0] !== "#") return ENTITIES[e] ?? all;
    const hex = e[1] === "x" || e[1] === "X";
    const code = Number.parseInt(e.slice(hex ? 2 : 1), hex ? 16 : 10);
    // An out-of-range reference in a damaged file stays as written instead of throwing.
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

export function parseWxr(xml: string): WxrPost[] {
  return [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item = ""]) => parseWxrItem(item));
}

/** One `<item>`'s content (without the `<item>` tags) → the post and its comments. */
export function parseWxrItem(item: string): WxrPost {
  return {
    title: text(item, "title"),
    link: text(item, "link"),
    dateGmt: text(item, "wp:post_date_gmt"),
    commentStatus: text(item, "wp:comment_status"),
    comments: [...item.matchAll(/<wp:comment>([\s\S]*?)<\/wp:comment>/g)].map(([, c = ""]) => ({
      id: text(c, "wp:comment_id"),
      parent: text(c, "wp:comment_parent"),
      author: text(c, "wp:comment_author"),
      email: text(c, "wp:comment_author_email"),
      url: text(c, "wp:comment_author_url"),
      dateGmt: text(c, "wp:comment_date_gmt"),
      content: text(c, "wp:comment_content"),
      approved: text(c, "wp:comment_approved"),
      type: text(c, "wp:comment_type"),
    })),
  };
}
