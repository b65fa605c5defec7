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

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    hostUrl: string;
  }
}

const SECRET = "e2e-hash-secret";

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

export default async function setup(project: TestProject) {
  if (!existsSync(`${ROOT}dist/embed.js`)) await run(bin("vite"), ["build", "--logLevel", "warn"]);
  const state = mkdtempSync(join(tmpdir(), "confab-e2e-"));
  await applyMigrations(state, true);
  await seedLocal(state, SECRET);

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
      "ADMIN_TOKEN:e2e-admin-token",
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
    throw new Error(`${(err as Error).message}\n${log}`);
  }

  // Another origin: `localhost` and its own port, while the worker is on 127.0.0.1.
  const host: Server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(hostPage(workerUrl));
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  const hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;

  project.provide("workerUrl", workerUrl);
  project.provide("hostUrl", hostUrl);

  return async () => {
    wrangler.kill("SIGTERM");
    await new Promise((resolve) => host.close(resolve));
    await new Promise((r) => setTimeout(r, 300));
    if (wrangler.exitCode === null) wrangler.kill("SIGKILL");
    rmSync(state, { recursive: true, force: true });
  };
}
