// The one hook every write calls once it has changed something a reader may see: it purges the
// cached reads of that scope in this isolate at once and in this data centre's Cache API after
// the answer (lib/read-cache.ts). Other isolates and data centres see the change within the
// freshness bound (docs/api.md, "Freshness").
import { inBackground, type WorkContext } from "../background.ts";
import { forget, purge, type ReadScope } from "./store.ts";

export type { ReadScope } from "./store.ts";

/** `pageKey`: that page's thread and the site's counts; without it, every read of the site. */
export function readsChanged(c: WorkContext, scope: ReadScope): void {
  const generations = purge(scope);
  const origin = new URL(c.req.url).origin;
  inBackground(c, "cache purge", () => forget(origin, generations));
}
