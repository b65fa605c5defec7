// The ASSETS binding on Node: a Fetcher over the built dist/ folder, answering as Workers Static
// Assets does with wrangler.toml's defaults (html_handling "auto-trailing-slash", no fallback):
// `/a/` serves a/index.html, `/a` and `/a/index.html` redirect to `/a/`, anything else is 404.
import { createReadStream, statSync } from "node:fs";
import { join, normalize, resolve, sep } from "node:path";
import { Readable } from "node:stream";
import { getMimeType } from "hono/utils/mime";

type Found = { path: string; size: number; mtimeMs: number } | null;

function fileAt(root: string, relative: string): Found {
  const path = normalize(join(root, relative));
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    const s = statSync(path);
    return s.isFile() ? { path, size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null;
  }
}

const redirect = (to: string, search: string) =>
  new Response(null, { status: 307, headers: { Location: `${to}${search}` } });

function serveFile(request: Request, file: NonNullable<Found>): Response {
  const etag = `"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const headers = new Headers({
    "Content-Type": getMimeType(file.path) ?? "application/octet-stream",
    ETag: etag,
    "Cache-Control": "public, max-age=0, must-revalidate",
  });
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(file.size));
  if (request.method === "HEAD") return new Response(null, { headers });
  const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return new Response(body, { headers });
}

export function assetsFetcher(root: string): Fetcher {
  const base = resolve(root);
  const fetch = async (input: Request | string | URL): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input);
    const url = new URL(request.url);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return new Response("Not Found", { status: 404 });
    }
    if (path.endsWith("/index.html")) return redirect(path.slice(0, -"index.html".length), url.search);
    if (path.endsWith("/")) {
      const index = fileAt(base, `${path}index.html`);
      return index ? serveFile(request, index) : new Response("Not Found", { status: 404 });
    }
    const file = fileAt(base, path) ?? fileAt(base, `${path}.html`);
    if (file) return serveFile(request, file);
    if (fileAt(base, `${path}/index.html`)) return redirect(`${path}/`, url.search);
    return new Response("Not Found", { status: 404 });
  };
  return { fetch, connect: () => Promise.reject(new Error("not on Node")) } as unknown as Fetcher;
}
