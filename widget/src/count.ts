// count.js: fills every `[data-confab-count]` element with its page's comment count, in one
// request for the whole page (design/api.md, GET /api/v1/counts). Each element names its page by
// `data-page-id` or `data-url`; without either it is the current page. The number replaces the
// element's text, formatted for the page's language. Kept free of imports: the budget is 1.5 KB.
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

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill, { once: true });
else fill();

export {}; // a module, for the type checker; the build makes it a classic script
