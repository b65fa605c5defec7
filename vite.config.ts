// Builds the embed: one self-contained classic script (dist/embed.js) with its CSS inside, loaded
// by site owners with `<script async>`. The demo pages in widget/demo are copied to dist/ as is.
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [preact({ prefreshEnabled: false })],
  publicDir: "widget/demo",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    minify: true,
    // A third-party page loads this; a separate CSS file or a preload helper would be extra requests.
    cssCodeSplit: false,
    modulePreload: false,
    rolldownOptions: {
      input: "widget/src/embed.ts",
      output: { format: "iife", entryFileNames: "embed.js" },
    },
  },
});
