// How the CLI reaches the admin API: HTTP to a deployed worker, or the worker's own app run in
// Node on the local D1 (Miniflare's persisted state), so both go through the same routes.
import { applyMigrations, ensureDevVars, ROOT, readDevVar } from "./local.ts";

export interface AdminClient {
  call(method: string, path: string, body?: unknown, type?: string): Promise<unknown>;
  /** A reader GET (no token), e.g. `/api/v1/threads.html?…`: its text, or an error. */
  read(path: string): Promise<string>;
  close(): Promise<void>;
}

async function text(res: Response): Promise<string> {
  const body = await res.text();
  if (!res.ok) throw new Error(`${res.status}: ${body}`);
  return body;
}

async function answer(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${res.status} ${json?.error?.code ?? ""}: ${json?.error?.message ?? text}`);
  return json;
}

function request(
  base: string,
  token: string,
  method: string,
  path: string,
  body: unknown,
  type = "application/json",
) {
  return new Request(`${base}/api/v1/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": type }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function adminClient(opts: { remote?: string; state?: string }): Promise<AdminClient> {
  if (opts.remote) {
    const token = process.env.CONFAB_ADMIN_TOKEN;
    if (!token) throw new Error("set CONFAB_ADMIN_TOKEN to the admin token of the remote worker");
    const base = opts.remote.replace(/\/+$/, "");
    return {
      call: async (method, path, body, type) =>
        answer(await fetch(request(base, token, method, path, body, type))),
      read: async (path) => text(await fetch(`${base}${path}`)),
      close: async () => {},
    };
  }
  ensureDevVars();
  // Wrangler's own notes ("Using secrets…") would land in the CLI's output, e.g. an export file.
  process.env.WRANGLER_LOG = "error";
  await applyMigrations(opts.state, true);
  const { getPlatformProxy } = await import("wrangler");
  const { app } = await import("../src/app.ts");
  const proxy = await getPlatformProxy<Record<string, unknown>>({
    configPath: `${ROOT}wrangler.toml`,
    persist: opts.state ? { path: `${opts.state}/v3` } : true,
  });
  // The app purges the Cache API after writes; in this process that is wrangler's stand-in (a
  // running `npm run dev` keeps its own and sees the change within FRESH_SECONDS).
  const g = globalThis as { caches?: unknown };
  g.caches ??= proxy.caches;
  const token = readDevVar("ADMIN_TOKEN") ?? "";
  // The networks' API base URLs (docs/social.md) may come from the environment, as in .dev.vars.
  const social = Object.fromEntries(
    ["MASTODON_API_URL", "BLUESKY_APPVIEW_URL"].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])),
  );
  const env = { ...proxy.env, ...social, ADMIN_TOKEN: token, HASH_SECRET: readDevVar("HASH_SECRET") };
  return {
    call: async (method, path, body, type) =>
      answer(
        await app.fetch(request("http://confab.local", token, method, path, body, type), env, proxy.ctx),
      ),
    read: async (path) => text(await app.fetch(new Request(`http://confab.local${path}`), env, proxy.ctx)),
    close: () => proxy.dispose(),
  };
}
