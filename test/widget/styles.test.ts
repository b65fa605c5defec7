import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// Vitest runs from the project root (where vitest.config.ts is).
const css = readFileSync(join(process.cwd(), "widget/src/styles.css"), "utf8");

/** The declarations of the first rule whose selector is exactly `selector`. */
function block(selector: string): string {
  const start = css.indexOf(`${selector} {`);
  expect(start, `no rule for ${selector}`).toBeGreaterThanOrEqual(0);
  return css.slice(start, css.indexOf("}", start));
}
const defined = (decls: string) => new Set(Array.from(decls.matchAll(/(--confab-[\w-]+):/g), (m) => m[1]));

describe("styles.css", () => {
  const host = defined(block(":host"));

  it("gives every --confab-* property it uses a default on :host", () => {
    const used = new Set(Array.from(css.matchAll(/var\((--confab-[\w-]+)\)/g), (m) => m[1]));
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(host, name).toContain(name);
  });

  it("has the same dark palette for data-theme=dark and for auto in a dark system", () => {
    const dark = defined(block(':host([data-theme="dark"])'));
    const auto = block('  :host([data-theme="auto"])');
    expect(css.indexOf("@media (prefers-color-scheme: dark)")).toBeLessThan(css.indexOf(auto));
    expect(dark.size).toBeGreaterThan(5);
    expect(defined(auto)).toEqual(dark);
    expect(auto.replace(/\s+/g, " ").trim().split("{")[1]).toBe(
      block(':host([data-theme="dark"])').replace(/\s+/g, " ").trim().split("{")[1],
    );
  });

  it("writes colours only in the palettes, so owners can restyle everything", () => {
    const outsidePalettes = css.replace(/:host[^{]*\{[^}]*\}/g, "");
    expect(outsidePalettes).not.toMatch(/#[0-9a-f]{3,8}\b|rgb\(|hsl\(/i);
  });
});

describe("the built embed.js", () => {
  const dist = join(process.cwd(), "dist");
  const file = join(dist, "embed.js");

  it("is one self-contained script with its CSS inside, under the size budget", () => {
    expect(existsSync(file), "dist/embed.js is missing: run `npm run build` first").toBe(true);
    const js = readFileSync(file, "utf8");
    // Everything else in dist/ is a demo page copied from widget/demo.
    const built = readdirSync(dist).filter((f) => !existsSync(join(process.cwd(), "widget/demo", f)));
    expect(built).toEqual(["embed.js"]);
    expect(js).toMatch(/^\(function\(\)\{/);
    expect(js).not.toMatch(/^\s*(import|export)\b/m);
    expect(js).toContain("--confab-accent:");
    expect(gzipSync(js).length).toBeLessThan(14 * 1024);
  });
});
