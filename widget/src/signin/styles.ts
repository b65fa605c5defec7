import css from "./signin.css?inline";

let sheet: CSSStyleSheet | undefined;

/**
 * A ref that gives the element's shadow root this chunk's styles, as one more constructed sheet
 * (no <style>: a strict CSP needs none). A ref runs before the frame is painted, so the panel never
 * shows unstyled; write.js's styles and embed.js's stay as they are.
 */
export function adopt(el: Element | null): void {
  const root = el?.getRootNode() as (Node & { adoptedStyleSheets?: CSSStyleSheet[] }) | undefined;
  try {
    sheet ??= new CSSStyleSheet();
    if (sheet.cssRules.length === 0) sheet.replaceSync(css);
    if (root?.adoptedStyleSheets && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    // Without constructed sheets the panel still works, unstyled (as the widget: ../sheet.ts).
  }
}
