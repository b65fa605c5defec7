// Builds the /admin moderation dashboard: its own page and bundle, never part of embed.js. It runs
// after the widget build (`vite build && vite build -c vite.admin.config.ts`) and writes into
// dist/admin/ without emptying dist/, which holds the widget. The worker serves dist/ as static
// assets, so /admin/ answers dist/admin/index.html.
import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("widget/src/admin"),
  base: "/admin/",
  plugins: [preact({ prefreshEnabled: false })],
  publicDir: false,
  build: {
    outDir: here("dist/admin"),
    emptyOutDir: false,
    minify: true,
    // The dashboard is a same-origin module page: no legacy script or polyfill needed.
    modulePreload: { polyfill: false },
    target: "es2022",
  },
});
