// A second, client-side allowlist over the server's HTML (design/security.md): the server already
// sanitises on write, but old rows and imports must not reach the page unchecked. The output is
// rebuilt from scratch, so nothing that is not explicitly allowed can survive.

/** Elements kept; any other is unwrapped, keeping its text, or dropped whole (DROP). */
const TAGS = /^(p|br|em|strong|s|code|pre|blockquote|ul|ol|li|a)$/;
/** Elements whose content is code or markup, not prose: dropped together with everything inside. */
const DROP = /^(script|style|template|iframe|object|embed|noscript|svg|math|select|textarea|title)$/;
const SCHEMES = /^(https?|mailto):$/;
const LANGUAGE = /^language-[\w+#-]{1,20}$/;

function safeHref(href: string): string | null {
  try {
    // Parsing normalises case, entities and smuggled whitespace before the scheme is checked.
    const url = new URL(href);
    return SCHEMES.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function copyAllowed(from: Element, to: Element): void {
  const tag = to.localName;
  /** Copies attribute `name` if it is set and its value matches `valid`. */
  const copy = (name: string, valid: RegExp) => {
    const value = from.getAttribute(name);
    if (value && valid.test(value)) to.setAttribute(name, value);
  };
  if (tag === "a") {
    const href = safeHref(from.getAttribute("href") ?? "");
    if (href) to.setAttribute("href", href);
    copy("title", /^/); // any text
    to.setAttribute("rel", "nofollow ugc noopener noreferrer");
    to.setAttribute("target", "_blank");
  } else if (tag === "code") copy("class", LANGUAGE);
  else if (tag === "ol") copy("start", /^\d{1,9}$/);
}

function clean(from: Node, to: Element): void {
  for (const node of [...from.childNodes]) {
    if (node.nodeType === 3 /* Node.TEXT_NODE */) {
      to.append(node.nodeValue ?? ""); // a string is appended as a text node, never parsed
    } else if (node.nodeType === 1 /* Node.ELEMENT_NODE */) {
      const tag = (node as Element).localName;
      if (TAGS.test(tag)) {
        const copy = document.createElement(tag);
        copyAllowed(node as Element, copy);
        clean(node, copy);
        to.append(copy);
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
