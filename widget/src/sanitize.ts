// A second, client-side allowlist over the server's HTML (design/security.md): the server already
// sanitises on write, but old rows and imports must not reach the page unchecked. The output is
// rebuilt from scratch, so nothing that is not explicitly allowed can survive.

const TAGS = new Set(["p", "br", "em", "strong", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a"]);
/** Elements whose content is code or markup, not prose: dropped together with everything inside. */
const DROP = /^(script|style|template|iframe|object|embed|noscript|svg|math|select|textarea|title)$/;
const SCHEMES = new Set(["http:", "https:", "mailto:"]);
const LANGUAGE = /^language-[\w+#-]{1,20}$/;

function safeHref(href: string): string | null {
  try {
    // Parsing normalises case, entities and smuggled whitespace before the scheme is checked.
    const url = new URL(href);
    return SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function copyAllowed(from: Element, to: Element): void {
  const tag = to.localName;
  const get = (name: string) => from.getAttribute(name);
  if (tag === "a") {
    const href = safeHref(get("href") ?? "");
    if (href) to.setAttribute("href", href);
    const title = get("title");
    if (title) to.setAttribute("title", title);
    to.setAttribute("rel", "nofollow ugc noopener noreferrer");
    to.setAttribute("target", "_blank");
  } else if (tag === "code" && LANGUAGE.test(get("class") ?? "")) {
    to.setAttribute("class", get("class") as string);
  } else if (tag === "ol" && /^\d{1,9}$/.test(get("start") ?? "")) {
    to.setAttribute("start", get("start") as string);
  }
}

function clean(from: Node, to: Node): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(document.createTextNode(node.nodeValue ?? ""));
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const tag = (node as Element).localName;
      if (TAGS.has(tag)) {
        const copy = document.createElement(tag);
        copyAllowed(node as Element, copy);
        clean(node, copy);
        to.appendChild(copy);
      } else if (!DROP.test(tag)) {
        // An unknown wrapper (span, div, b, …) gives up its markup but keeps its text.
        clean(node, to);
      }
    }
    // Comments, processing instructions and the like are dropped.
  }
}

/** Returns `html` reduced to the tags and attributes a comment may contain. */
export function sanitize(html: string): string {
  const input = document.createElement("template");
  input.innerHTML = html;
  const output = document.createElement("div");
  clean(input.content, output);
  return output.innerHTML;
}
