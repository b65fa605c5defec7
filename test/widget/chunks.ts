// The files embed.js loads on demand (write.js, i18n/<lang>.js, and signin.js, which write.js
// loads) are classic scripts, which
// happy-dom does not fetch from a fake origin. This stands in for the browser: when the widget
// adds such a script to <head>, it answers the way the built file does, by leaving the module in
// `script.confab.out`, then fires `load` (or `error` for a file that does not exist).
import ar from "../../widget/src/i18n/tables/ar.ts";
import de from "../../widget/src/i18n/tables/de.ts";
import en from "../../widget/src/i18n/tables/en.ts";
import es from "../../widget/src/i18n/tables/es.ts";
import fr from "../../widget/src/i18n/tables/fr.ts";
import ja from "../../widget/src/i18n/tables/ja.ts";
import pt from "../../widget/src/i18n/tables/pt.ts";
import ru from "../../widget/src/i18n/tables/ru.ts";
import zhCN from "../../widget/src/i18n/tables/zh-CN.ts";

const TABLES: Record<string, object> = { ar, de, en, es, fr, ja, pt, ru, "zh-CN": zhCN };

export interface Chunks {
  /** Every script URL the widget asked for, in order. */
  requested: string[];
  /** URLs that fail to load, as on a flaky network. */
  failing: Set<string>;
}

async function moduleFor(src: string, lent: { deps?: object }): Promise<object | undefined> {
  // Imported when asked for: after vi.resetModules() that gives the fresh module graph. write.js
  // uses the contexts embed.js lends it; here the import must be that same graph, so a request
  // from an instance of an older graph (left over from an earlier test) fails, as a stale file would.
  if (src.endsWith("/write.js") || src.endsWith("/live.js")) {
    const deps = await import("../../widget/src/write/deps.ts");
    const same = (lent.deps as typeof deps | undefined)?.ThreadContext === deps.ThreadContext;
    if (!same) return undefined;
    if (src.endsWith("/write.js")) return (await import("../../widget/src/write/index.ts")).write;
    // live.js opens sockets: only served to the tests of live updates, which fake WebSocket.
    return serveLive ? (await import("../../widget/src/live/index.ts")).live : undefined;
  }
  // signin.js, lent on by write.js: the same contexts, and write.js's own session store.
  if (src.endsWith("/signin.js")) {
    const deps = await import("../../widget/src/signin/deps.ts");
    const given = lent.deps as typeof deps | undefined;
    const same = given?.ThreadContext === deps.ThreadContext && given?.setSession === deps.setSession;
    return same ? (await import("../../widget/src/signin/index.ts")).signin : undefined;
  }
  const lang = /\/i18n\/([\w-]+)\.js$/.exec(src)?.[1];
  return lang ? TABLES[lang] : undefined;
}

let serveLive = false;

/** Whether live.js is there (as after a deploy) or missing (the other tests: no sockets). */
export function withLive(on: boolean): void {
  serveLive = on;
}

export function serveChunks(): Chunks {
  const chunks: Chunks = { requested: [], failing: new Set() };
  const head = document.head;
  head.append = (...nodes: (Node | string)[]) => {
    for (const node of nodes) {
      if (!(node instanceof HTMLScriptElement) || !node.src) {
        Element.prototype.append.call(head, node);
        continue;
      }
      chunks.requested.push(node.src);
      const failing = chunks.failing.has(node.src);
      moduleFor(node.src, (node as unknown as { confab: object }).confab).then((found) => {
        const out = failing ? undefined : found;
        const script = node as HTMLScriptElement & { confab: { out?: object } };
        if (out) script.confab.out = out;
        (out ? script.onload : script.onerror)?.call(script, new Event(out ? "load" : "error") as never);
      });
    }
  };
  return chunks;
}
