// Browser-test world: the real worker under `wrangler dev` on a fresh local D1 (real migrations,
// demo seed), and a separate host page on another origin that holds only the README's embed snippet.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations, bin, OFFLINE_ENV, ROOT, run, seedLocal } from "../../worker/scripts/local.ts";
import { OAUTH_CLIENTS, oidcProvidersSetting } from "../fakes/fixtures.ts";
import { startOAuthProvider } from "../fakes/oauth-provider.ts";
import { startSocialFake } from "../fakes/social-servers.ts";
import { SITEVERIFY_PATH, startSiteverify } from "./fake-siteverify.ts";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    hostUrl: string;
    /** The fake Turnstile siteverify the worker asks (fake-siteverify.ts); `GET /__log` lists calls. */
    siteverifyUrl: string;
    /** The fake sign-in providers the worker is configured with (test/fakes/oauth-provider.ts):
     * GitHub at `/github` (API `/github-api`), Google at `/google`, the OIDC issuer `acme` at
     * `/oidc/acme`. POST `{ user, misbehave }` to `/__next` to choose the next sign-in's user. */
    oauthUrl: string;
  }
}

const SECRET = "e2e-hash-secret-Vb8Nq3Lx7Wk2Pz9Rt5Ym4";
export const ADMIN_TOKEN = "e2e-admin-token";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`);
}

/** The host page: nothing but the embed snippet of the README, pointing at the worker. */
export function hostPage(workerUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host blog post</title>
<style>p { color: red } button { background: lime }</style></head>
<body><h1>Host blog post</h1><p>Some article text.</p>
<div id="comments"></div>
<script src="${workerUrl}/embed.js" data-site="demo" async></script>
</body></html>`;
}

/**
 * A page whose server includes the thread's GET /threads.html in the widget's container, as
 * docs/widget.md shows ("Comments without JavaScript"), fetched at each request; the host's
 * footer right under it, so any move the widget's takeover makes is seen. Each path its own thread.
 */
async function renderedPage(workerUrl: string, hostUrl: string, path: string): Promise<string> {
  const query = new URLSearchParams({ site: "demo", url: hostUrl + path });
  const res = await fetch(`${workerUrl}/api/v1/threads.html?${query}`, { headers: { Origin: hostUrl } });
  const fragment = res.ok ? await res.text() : `<p>threads.html: ${res.status}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rendered</title></head>
<body><h1>Host blog post</h1><p>Some article text.</p><div id="comments">${fragment}</div><footer>Host footer</footer>
<script src="${workerUrl}/embed.js" data-site="demo" async></script>
</body></html>`;
}

/** The other host pages of the widget's browser tests, by path; each path is its own thread. */
export function hostPages(
  workerUrl: string,
  hostUrl: string,
): Record<string, { html: string; headers?: Record<string, string> }> {
  const embed = (attrs = "") =>
    `<script src="${workerUrl}/embed.js" data-site="demo" ${attrs} async></script>`;
  const page = (title: string, head: string, body: string, htmlAttrs = 'lang="en"') => `<!doctype html>
<html ${htmlAttrs}><head><meta charset="utf-8"><title>${title}</title>${head}</head>
<body>${body}</body></html>`;
  const article = "<h1>Host blog post</h1><p>Some article text.</p>";
  const hostile =
    "<style>* { color: red !important; font-size: 40px !important } div { display: flex }</style>";
  return {
    // The same plain page, for comparing the widget against.
    "/plain": { html: page("Plain", "", `${article}<div id="comments"></div>${embed()}`) },
    "/hostile": { html: page("Hostile", hostile, `${article}<div id="comments"></div>${embed()}`) },
    // The hostile page without the widget: what the host looks like untouched.
    "/hostile-bare": { html: page("Hostile", hostile, `${article}<div id="comments"></div>`) },
    "/two": {
      html: page(
        "Two",
        "",
        `${article}<div id="one"></div><div id="two"></div>${embed(
          `data-target="#one" data-page-id="two-a" onload="Confab.mount(document.getElementById('two'), { site: 'demo', pageId: 'two-b', theme: 'dark' })"`,
        )}`,
      ),
    },
    "/rtl": {
      html: page(
        "RTL",
        "",
        `${article}<div id="comments"></div>${embed('data-loading="eager"')}`,
        'lang="ar" dir="rtl"',
      ),
    },
    "/dark": {
      html: page(
        "Dark",
        "<style>body { background: #15171c; color: #ddd; font-family: Georgia, serif }</style>",
        `${article}<div id="comments"></div>${embed('data-loading="eager"')}`,
      ),
    },
    "/a11y-light": {
      html: page("A11y light", "", `${article}<div id="comments"></div>${embed('data-theme="light"')}`),
    },
    "/a11y-dark": {
      html: page(
        "A11y dark",
        "<style>body { background: #0d1117 }</style>",
        `${article}<div id="comments"></div>${embed('data-theme="dark"')}`,
      ),
    },
    // A long article: the comments start far below the fold.
    "/permalink": {
      html: page(
        "Permalink",
        "",
        `${article}<div style="height: 3000px"></div><div id="comments"></div>${embed()}`,
      ),
    },
    // The widget in view from the start, with the host's footer right under it: anything the
    // widget's arrival moves is seen moving. One empty thread, one with comments.
    "/layout-empty": {
      html: page("Layout", "", `${article}<div id="comments"></div><footer>Host footer</footer>${embed()}`),
    },
    "/layout-busy": {
      html: page("Layout", "", `${article}<div id="comments"></div><footer>Host footer</footer>${embed()}`),
    },
    "/keyboard": { html: page("Keyboard", "", `${article}<div id="comments"></div>${embed()}`) },
    // Strict CSP: scripts and requests only from the worker, no inline styles at all.
    "/csp": {
      html: page("CSP", "", `${article}<div id="comments"></div>${embed()}`),
      headers: {
        // The live socket is its own scheme (ws:, wss:), which an http(s) source does not cover.
        "Content-Security-Policy": `default-src 'none'; script-src ${workerUrl}; connect-src ${workerUrl} ${workerUrl.replace(/^http/, "ws")}; style-src 'none'`,
      },
    },
    // A list of posts with count.js: two counters for one page, one for a page nobody commented on.
    "/counts": {
      html: page(
        "Counts",
        "",
        `<p><span id="a" data-confab-count data-url="${hostUrl}/counts-target">?</span>
<span id="b" data-confab-count data-url="${hostUrl}/counts-target">?</span>
<span id="c" data-confab-count data-url="${hostUrl}/nobody-here">?</span></p>
<script src="${workerUrl}/count.js" data-site="demo" async></script>`,
      ),
    },
  };
}

export default async function setup(project: TestProject) {
  if (!existsSync(`${ROOT}dist/embed.js`)) await run(bin("vite"), ["build", "--logLevel", "warn"]);
  const state = mkdtempSync(join(tmpdir(), "confab-e2e-"));
  await applyMigrations(state, true);
  await seedLocal(state, SECRET);

  // Turnstile tokens are verified here, not at Cloudflare: nothing leaves the machine.
  const siteverify = await startSiteverify();
  // Sign-in providers too: GitHub, Google and an OIDC issuer, on 127.0.0.1 (the worker tests' fake).
  const oauth = await startOAuthProvider();
  // Mastodon's and Bluesky's public APIs too (test/fakes/social-servers.ts): linked posts' replies.
  const social = await startSocialFake();
  const providers = [
    `GITHUB_CLIENT_ID:${OAUTH_CLIENTS.github.id}`,
    `GITHUB_CLIENT_SECRET:${OAUTH_CLIENTS.github.secret}`,
    `GITHUB_URL:${oauth.url}/github`,
    `GITHUB_API_URL:${oauth.url}/github-api`,
    `GOOGLE_CLIENT_ID:${OAUTH_CLIENTS.google.id}`,
    `GOOGLE_CLIENT_SECRET:${OAUTH_CLIENTS.google.secret}`,
    `GOOGLE_ISSUER:${oauth.url}/google`,
    `OIDC_PROVIDERS:${oidcProvidersSetting(oauth.url)}`,
    `MASTODON_API_URL:${social.url}/mastodon`,
    `BLUESKY_APPVIEW_URL:${social.url}/bsky`,
  ].flatMap((v) => ["--var", v]);
  const workerPort = await freePort();
  let log = "";
  const wrangler = spawn(
    bin("wrangler"),
    [
      "dev",
      "--port",
      String(workerPort),
      "--ip",
      "127.0.0.1",
      "--persist-to",
      state,
      "--var",
      `HASH_SECRET:${SECRET}`,
      "--var",
      `ADMIN_TOKEN:${ADMIN_TOKEN}`,
      "--var",
      `TURNSTILE_VERIFY_URL:${siteverify.url}${SITEVERIFY_PATH}`,
      // As `npm run dev` sets it in a new .dev.vars (and whatever this checkout's .dev.vars says):
      // mails go to the outbox, so the demo site offers reply notifications.
      "--var",
      "MAIL_PROVIDER:log",
      // The local setup, as `npm run dev` writes it in .dev.vars (worker/src/lib/environment.ts).
      "--var",
      "ENVIRONMENT:development",
      ...providers,
      // The default freshness, stated: readers see what a deployment that sets nothing shows.
      "--var",
      "FRESH_SECONDS:10",
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV }, stdio: ["ignore", "pipe", "pipe"] },
  );
  wrangler.stdout?.on("data", (d) => {
    log += d;
  });
  wrangler.stderr?.on("data", (d) => {
    log += d;
  });
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  try {
    await waitFor(`${workerUrl}/embed.js`, wrangler);
  } catch (err) {
    wrangler.kill("SIGKILL");
    await siteverify.close();
    await oauth.close();
    await social.close();
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  // A test browser types in milliseconds and posts many comments from one address: the spam
  // checks for speed and rate (tested in the worker suite) are turned off for the demo site here,
  // through the admin API as an owner would.
  const relaxed = await fetch(`${workerUrl}/api/v1/admin/sites/demo`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ minSubmitMs: 0, rateLimitPerMinute: 0, rateLimitPerHour: 0 }),
  });
  if (!relaxed.ok)
    throw new Error(`could not configure the demo site: ${relaxed.status} ${await relaxed.text()}`);

  // Another origin: `localhost` and its own port, while the worker is on 127.0.0.1.
  // `/` is the README snippet; the widget's own browser tests use the other pages (by path).
  const host: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://host").pathname;
    if (path.startsWith("/rendered/")) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(await renderedPage(workerUrl, hostUrl, path));
      return;
    }
    const other = hostPages(workerUrl, hostUrl)[path];
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...other?.headers });
    res.end(other ? other.html : hostPage(workerUrl));
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  const hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;

  project.provide("workerUrl", workerUrl);
  project.provide("hostUrl", hostUrl);
  project.provide("siteverifyUrl", siteverify.url);
  project.provide("oauthUrl", oauth.url);
  project.provide("socialUrl", social.url);

  return async () => {
    wrangler.kill("SIGTERM");
    await new Promise((resolve) => host.close(resolve));
    await siteverify.close();
    await oauth.close();
    await social.close();
    await new Promise((r) => setTimeout(r, 300));
    if (wrangler.exitCode === null) wrangler.kill("SIGKILL");
    rmSync(state, { recursive: true, force: true });
  };
}
