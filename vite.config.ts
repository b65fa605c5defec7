// Builds the widget into dist/, served by the worker next to the demo pages (copied from
// widget/demo as they are):
// - embed.js: one self-contained classic script with its CSS inside, loaded with `<script async>`;
// - count.js: the count script, a second classic script built on its own (an IIFE build has one
//   entry);
// - i18n/<lang>.js: each language but English, and the Markdown help of every language, as tiny
//   classic scripts that embed.js adds on demand (widget/src/i18n/load.ts says why not JSON).
import { readFileSync } from "node:fs";
import preact from "@preact/preset-vite";
import { transform } from "lightningcss";
import { build, defineConfig, type Plugin } from "vite";
import ar from "./widget/src/i18n/tables/ar.ts";
import de from "./widget/src/i18n/tables/de.ts";
import en from "./widget/src/i18n/tables/en.ts";
import es from "./widget/src/i18n/tables/es.ts";
import fr from "./widget/src/i18n/tables/fr.ts";
import ja from "./widget/src/i18n/tables/ja.ts";
import pt from "./widget/src/i18n/tables/pt.ts";
import ru from "./widget/src/i18n/tables/ru.ts";
import zhCN from "./widget/src/i18n/tables/zh-CN.ts";

const tables: Record<string, object> = { ar, de, en, es, fr, ja, pt, ru, "zh-CN": zhCN };

// light-dark() as written: transpiled, it doubles every colour (browsers without it are ~2 years old).
const CSS_TARGET = ["chrome123", "edge123", "firefox120", "safari17.5"];

/**
 * JSX compiles to Preact's h(type, props, ...children), imported into every .tsx file under a name
 * no source uses: calls are shorter than the automatic runtime's jsx(type, { ...props, children: [...] }),
 * and embed.js needs no second element factory (preact/jsx-runtime) next to Preact's own. Type
 * checking (tsconfig) and the unit tests keep the automatic runtime; the elements are the same.
 */
const classicJsx: Plugin = {
  name: "confab-classic-jsx",
  enforce: "pre",
  config: () => ({ oxc: { jsx: { runtime: "classic", pragma: "__h", pragmaFrag: "__Fragment" } } }),
  // Appended, not prepended (imports are hoisted), so no line moves.
  // Only .tsx files: oxc's own jsxInject also reaches .ts files, where the import would pull
  // Preact into count.js.
  transform: {
    filter: { id: /\.tsx$/ },
    handler: (code) => ({
      code: `${code}\nimport { h as __h, Fragment as __Fragment } from "preact";\n`,
      map: null, // nothing moved: the source map so far holds
    }),
  },
};

/**
 * What embed.js lends write.js (widget/src/write/load.ts), and write.js signin.js, by import, as an
 * expression there. One
 * object holds all three: from Preact, h and Fragment, which JSX uses (classicJsx), and the hooks
 * the forms use; then ./deps.ts.
 */
const LENT: Record<string, string> = {
  preact: "document.currentScript.confab.deps",
  "preact/hooks": "document.currentScript.confab.deps",
  deps: "document.currentScript.confab.deps",
};
/** The lent module for an import, by its specifier or (for ./deps.ts, resolved) its path. */
const lentName = (id: string) => (/\/(write|signin)\/deps\.ts$/.test(id) || id === "./deps.ts" ? "deps" : id);

/** One more classic script (an IIFE build has a single entry), taking `lent` modules from embed.js. */
function classicScript(outDir: string, input: string, fileName: string, lent: Record<string, string> = {}) {
  return build({
    configFile: false,
    logLevel: "warn",
    plugins: [preact({ prefreshEnabled: false }), classicJsx],
    build: {
      outDir,
      emptyOutDir: false,
      minify: true,
      copyPublicDir: false,
      cssTarget: CSS_TARGET,
      rolldownOptions: {
        input,
        external: (id) => lentName(id) in lent,
        output: { format: "iife", entryFileNames: fileName, globals: (id) => lent[lentName(id)] ?? id },
      },
    },
  });
}

/**
 * widget.css: the widget's whole stylesheet (embed.js's, then write.js's and live.js's, in the
 * order the widget adds them), which the worker puts into the server-rendered thread
 * (worker/src/render/thread-html.ts) so that it looks exactly as the widget will.
 */
const WIDGET_CSS = ["widget/src/styles.css", "widget/src/write/form.css", "widget/src/live/live.css"];
const widgetCss = () =>
  transform({
    filename: "widget.css",
    code: Buffer.from(WIDGET_CSS.map((f) => readFileSync(f, "utf8")).join("\n")),
    minify: true,
  }).code.toString();

const onDemand: Plugin = {
  name: "confab-on-demand",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "widget.css", source: widgetCss() });
    for (const [lang, table] of Object.entries(tables)) {
      this.emitFile({
        type: "asset",
        fileName: `i18n/${lang}.js`,
        // The loader reads the table from its own script element: no global name is taken.
        source: `document.currentScript.confab.out=${JSON.stringify(table)};\n`,
      });
    }
  },
  async closeBundle() {
    const outDir = this.environment.config.build.outDir;
    await classicScript(outDir, "widget/src/count.ts", "count.js");
    await classicScript(outDir, "widget/src/write/index.ts", "write.js", LENT);
    await classicScript(outDir, "widget/src/live/index.ts", "live.js", LENT);
    // Loaded by write.js (write/signin-load.ts), which lends it the same three modules.
    await classicScript(outDir, "widget/src/signin/index.ts", "signin.js", LENT);
  },
};

export default defineConfig({
  plugins: [preact({ prefreshEnabled: false }), classicJsx, onDemand],
  publicDir: "widget/demo",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    minify: true,
    // A third-party page loads this; a separate CSS file or a preload helper would be extra requests.
    cssCodeSplit: false,
    cssTarget: CSS_TARGET,
    modulePreload: false,
    rolldownOptions: {
      input: "widget/src/embed.ts",
      output: { format: "iife", entryFileNames: "embed.js" },
    },
  },
});
