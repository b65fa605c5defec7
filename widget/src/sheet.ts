import css from "./styles.css?inline";

/**
 * One constructed stylesheet for every instance on the page: unlike a <style> element it needs no
 * `style-src 'unsafe-inline'` on pages with a strict CSP. Every browser of the last three years
 * has it; without it the widget still works, unstyled.
 */
let sheet: CSSStyleSheet | undefined;
let text = css;

export function adoptStyles(root: ShadowRoot): void {
  try {
    sheet ??= new CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // see above
  }
}

/** Adds the styles of a file loaded on demand (write.js, live.js) to every instance at once. */
export function addStyles(more: string): void {
  // Every form that waits for write.js asks again: each file's styles are added, and parsed, once.
  if (text.includes(more)) return;
  text += more;
  sheet?.replaceSync(text);
}
