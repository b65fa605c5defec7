// The Cache API on Node: none. One process is one "isolate", so the memory LRU of
// worker/src/lib/reads is the whole hot-read cache and every purge reaches it at once; the shared
// Cache API layer (which on Cloudflare spans a data centre's isolates) has nothing to add. This
// stand-in finds nothing and keeps nothing, so that layer quietly falls through to SQLite.

const nothing: Cache = {
  match: async () => undefined,
  put: async () => {},
  delete: async () => false,
} as unknown as Cache;

const storage = {
  open: async (_name: string) => nothing,
  has: async (_name: string) => false,
  delete: async (_name: string) => false,
  keys: async () => [],
  match: async () => undefined,
  default: nothing,
};

/** Installs the stand-in unless the runtime has a Cache API of its own. */
export function installCaches(): void {
  const g = globalThis as { caches?: unknown };
  if (g.caches === undefined) g.caches = storage;
}
