// A minimal Atom 1.0 (RFC 4287) writer. Every text goes through `xml()`; comment HTML is carried
// as escaped `type="html"` content, never as markup of the feed itself.

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

// Characters XML 1.0 forbids even escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xml(text: string): string {
  return text.replace(INVALID_XML, "").replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

export interface AtomEntry {
  id: string;
  title: string;
  link: string | null;
  author: string;
  updated: string;
  published: string;
  html: string;
}

export function atomFeed(feed: {
  id: string;
  title: string;
  self: string;
  updated: string;
  entries: AtomEntry[];
}) {
  const entries = feed.entries.map(
    (e) => `  <entry>
    <id>${xml(e.id)}</id>
    <title>${xml(e.title)}</title>
${e.link ? `    <link rel="alternate" type="text/html" href="${xml(e.link)}"/>\n` : ""}    <author><name>${xml(e.author)}</name></author>
    <published>${e.published}</published>
    <updated>${e.updated}</updated>
    <content type="html">${xml(e.html)}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(feed.id)}</id>
  <title>${xml(feed.title)}</title>
  <link rel="self" type="application/atom+xml" href="${xml(feed.self)}"/>
  <updated>${feed.updated}</updated>
  <generator>Confab</generator>
${entries.join("\n")}
</feed>
`;
}
