/**
 * `auto` follows the host page when its background is clearly dark or clearly light, so the widget
 * matches a dark blog even on a light system; in between (or transparent all the way up) it is
 * left to `prefers-color-scheme` in the CSS.
 */
export function pageScheme(el: Element | null): "light" | "dark" | null {
  for (let node: Element | null = el; node; node = node.parentElement) {
    const background = getComputedStyle(node).backgroundColor;
    const [r = 0, g = 0, b = 0, a = 1] = (background.match(/[\d.]+/g) ?? []).map(Number);
    if (a < 0.5 || !background) continue;
    const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    return luminance < 0.3 ? "dark" : luminance > 0.7 ? "light" : null;
  }
  return null;
}
