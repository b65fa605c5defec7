import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Vitest runs from the project root (where vitest.config.ts is).
const read = (path: string) => readFileSync(join(process.cwd(), path), "utf8");
const main = read("widget/src/styles.css");
const forms = read("widget/src/write/form.css");
const all = main + forms;

/** The declarations of the first rule whose selector is exactly `selector`. */
function block(selector: string): string {
  const start = main.indexOf(`\n${selector} {`);
  expect(start, `no rule for ${selector}`).toBeGreaterThanOrEqual(0);
  return main.slice(start, main.indexOf("}", start));
}
const host = block(":host");
const declared = (decls: string) =>
  new Map(Array.from(decls.matchAll(/(--confab-[\w-]+): ([^;]+);/g), (m) => [m[1] ?? "", m[2] ?? ""]));

describe("styles", () => {
  it("gives every --confab-* property it uses a default on :host, but the font, which is the page's", () => {
    const used = new Set(Array.from(all.matchAll(/var\((--confab-[\w-]+)/g), (m) => m[1] ?? ""));
    expect(used.size).toBeGreaterThan(15);
    const defaults = declared(host);
    for (const name of used) if (name !== "--confab-font") expect(defaults.has(name), name).toBe(true);
    expect(defaults.has("--confab-font")).toBe(false);
    expect(host).toContain("font-family: var(--confab-font, inherit) !important;");
  });

  it("pairs every colour for light and dark, so a theme only sets color-scheme", () => {
    const colours = [...declared(host)].filter(([, v]) => /#[0-9a-f]{3,8}\b/i.test(v));
    expect(colours.length).toBeGreaterThanOrEqual(10);
    for (const [name, value] of colours)
      expect(value, name).toMatch(/^light-dark\(#[0-9a-f]{3,6}, #[0-9a-f]{3,6}\)$/);
    expect(host).toContain("color-scheme: light;");
    expect(block(':host([data-theme="dark"])')).toMatch(/\{\s*color-scheme: dark;\s*$/);
    // auto: whichever the system prefers.
    expect(block(':host([data-theme="auto"])')).toMatch(/\{\s*color-scheme: light dark;\s*$/);
  });

  it("writes colours only in the palette, so owners can restyle everything", () => {
    const outside = all.replace(/:host \{[^}]*\}/, "");
    expect(outside).not.toMatch(/#[0-9a-f]{3,8}\b|rgb\(|hsl\(/i);
  });

  it("holds its own against a page styling the host element with !important", () => {
    for (const rule of ["display: block", "color: var(--confab-text)", "font-size: var(--confab-size)"]) {
      expect(host).toContain(`${rule} !important;`);
    }
    // `medium` is the reader's default size, independent of a page's `html { font-size }`.
    expect(declared(host).get("--confab-size")).toBe("medium");
  });

  it("lays out with logical properties, so right-to-left languages mirror", () => {
    expect(all).not.toMatch(/(margin|padding|border)-(left|right)|text-align: (left|right)|\b(left|right):/);
    expect(all).toMatch(/margin-inline-start/);
  });

  it("reserves the form's height at each of its layouts while its file loads (measured in test/e2e/widget-layout)", () => {
    const heights = [...main.matchAll(/\.placeholder\.CommentForm::before \{[^}]*height: ([\d.]+)em;/g)].map(
      (m) => Number(m[1]),
    );
    // One column of fields is the tallest form, three the shortest.
    expect(heights).toHaveLength(3);
    expect([...heights].sort((a, b) => b - a)).toEqual(heights);
    expect(main).toMatch(/\.placeholder\.CommentForm \{[^}]*container-type: inline-size;/);
  });

  it("stops animating for readers who ask for reduced motion, and shows focus", () => {
    const reduced = main.slice(main.indexOf("@media (prefers-reduced-motion: reduce)"));
    expect(reduced).toMatch(
      /^@media \(prefers-reduced-motion: reduce\) \{\s*\* \{\s*animation: none !important;/,
    );
    expect(main).toMatch(/:focus-visible \{\s*outline: 2px solid var\(--confab-accent\);/);
  });
});
