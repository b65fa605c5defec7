// count.js: fills every `[data-confab-count]` element with its page's comment count, in one
// request for the whole page (design/api.md, GET /api/v1/counts). Each element names its page by
// `data-page-id` or `data-url`; without either it is the current page. The number replaces the
// element's text, formatted for the page's language. Every `[data-confab-latest]` element gets
// the site's newest comments (GET /api/v1/latest), `data-limit` of them (default 5), as a list.
// Kept free of imports: the budget is 1.5 KB.
const script = document.currentScript as HTMLScriptElement | null;

function fill(): void {
  if (!script?.dataset.site) return;
  const api = (script.dataset.api || new URL(script.src).origin).replace(/\/+$/, "");
  const here = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href || location.href;
  const elements = Array.from(document.querySelectorAll<HTMLElement>("[data-confab-count]"));
  const query = new URLSearchParams({ site: script.dataset.site });
  const keyOf = (el: HTMLElement): [string, string] =>
    el.dataset.pageId
      ? ["pageId", el.dataset.pageId]
      : ["url", new URL(el.dataset.url || here, location.href).href];
  const seen = new Set<string>();
  for (const el of elements) {
    const [name, value] = keyOf(el);
    if (!seen.has(name + value)) query.append(name, value);
    seen.add(name + value);
  }
  latest(api, script.dataset.site);
  if (!seen.size) return;
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  fetch(`${api}/api/v1/counts?${query}`)
    .then((res) => (res.ok ? res.json() : null))
    .then((body: { counts?: Record<string, number> } | null) => {
      for (const el of elements) {
        const n = body?.counts?.[keyOf(el)[1]];
        if (typeof n === "number") el.textContent = numbers.format(n);
      }
    })
    .catch(() => {}); // The page keeps whatever text the element had.
}

interface Latest {
  id: string;
  author: { name: string } | null;
  html: string;
  page: { url: string | null; title: string | null };
}

/** One request for every latest-comments box, as many as the largest asks for. */
function latest(api: string, site: string): void {
  const boxes = Array.from(document.querySelectorAll<HTMLElement>("[data-confab-latest]"));
  const limitOf = (el: HTMLElement) => Math.min(50, Math.max(1, Number(el.dataset.limit) || 5));
  if (!boxes.length) return;
  const query = new URLSearchParams({ site, limit: String(Math.max(...boxes.map(limitOf))) });
  fetch(`${api}/api/v1/latest?${query}`)
    .then((res) => (res.ok ? res.json() : null))
    .then((body: { comments?: Latest[] } | null) => {
      if (!body?.comments) return;
      for (const box of boxes) box.replaceChildren(list(body.comments.slice(0, limitOf(box))));
    })
    .catch(() => {});
}

/**
 * Text only: the comment's HTML (sanitised by the server) is parsed, never inserted, and its
 * words cut to 140 characters. Each item: the author, then the text linked to the comment.
 */
function list(comments: Latest[]): HTMLOListElement {
  const ol = document.createElement("ol");
  ol.className = "confab-latest";
  for (const c of comments) {
    const li = document.createElement("li");
    const who = document.createElement("b");
    who.textContent = c.author?.name || "Anonymous";
    const link = document.createElement("a");
    const text = new DOMParser().parseFromString(c.html, "text/html").body.textContent?.trim() ?? "";
    const chars = [...text]; // by code point: a cut never splits an emoji's surrogates
    link.textContent = chars.length > 140 ? `${chars.slice(0, 139).join("")}…` : text;
    if (c.page.url) link.href = `${c.page.url.replace(/#.*$/, "")}#comment-${c.id}`;
    if (c.page.title) link.title = c.page.title;
    li.append(who, " ", link);
    ol.append(li);
  }
  return ol;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill, { once: true });
else fill();

export {}; // a module, for the type checker; the build makes it a classic script
