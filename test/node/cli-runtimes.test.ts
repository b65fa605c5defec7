// Moving between the runtimes with the site CLI (worker/scripts/confab.ts): `confab export` from the
// Node server (--remote, its admin API over HTTP) and `confab import` into the worker on a local D1
// (--state: the worker's own app in workerd through wrangler, as `npm run dev` keeps its data), then
// the other way into a fresh Node server: the same threads and comments each time, file for file.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { freshDir, type NodeServer, OPERATOR, startNode } from "./server.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEMO = "http://localhost:8787";
const PAGE = `${DEMO}/2011/04/01/late-night-libya-update-defections-and-secret-talks/`;
const run = promisify(execFile);
const dirs: string[] = [];
const servers: NodeServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "confab-runtimes-"));
  dirs.push(d);
  return d;
};

async function confab(...args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ["--disable-warning=ExperimentalWarning", "worker/scripts/confab.ts", ...args],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
        CONFAB_ADMIN_TOKEN: OPERATOR,
      },
      maxBuffer: 50 * 1024 * 1024,
    },
  );
  return stdout;
}

async function post(url: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${url}/api/v1/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: DEMO },
    body: JSON.stringify({ site: "demo", url: PAGE, elapsedMs: 6000, ...body }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

const addDemo = (...where: string[]) =>
  confab(
    "site",
    "add",
    "demo",
    "--name",
    "Demo Blog",
    "--origins",
    "http://127.0.0.1:*,http://localhost:*",
    ...where,
  );

/** The moved part of an export: its threads, comments and bans (the site is made by `site add`). */
const moved = (exported: string) => {
  const { threads, comments, bans } = JSON.parse(exported);
  return { threads, comments, bans };
};

it("exports from Node, imports into the worker's D1, and back into Node: the same file each way", {
  timeout: 180_000,
}, async () => {
  // Node, with the seeded discussion and native comments besides: a new one and a reply to it.
  const node = await startNode(freshDir(), { DEMO: "on" });
  servers.push(node);
  const parent = await post(node.url, { author: { name: "Nadia" }, text: "Written on **Node**." });
  await post(node.url, { author: { name: "Ola" }, text: "A reply, on Node too.", parentId: parent });
  const fromNode = await confab("export", "--site", "demo", "--remote", node.url);
  const file = JSON.parse(fromNode);
  expect(file).toMatchObject({ format: "confab-export", site: { id: "demo" } });
  expect(file.comments).toHaveLength(18);
  const nodeFile = join(tempDir(), "from-node.json");
  writeFileSync(nodeFile, fromNode);

  // Into the worker on a fresh local D1.
  const state = tempDir();
  expect(await addDemo("--state", state)).toContain("created site demo");
  const intoWorker = JSON.parse(
    await confab("import", nodeFile, "--site", "demo", "--format", "confab", "--state", state),
  );
  expect(intoWorker).toEqual({ threads: 1, comments: 18, skipped: 0, errors: [] });
  const fromWorker = await confab("export", "--site", "demo", "--state", state);
  expect(moved(fromWorker)).toEqual(moved(fromNode));
  // The sites match too, setting for setting, as `site add` made it like the seeded one.
  expect(JSON.parse(fromWorker).site).toEqual(JSON.parse(fromNode).site);

  // And back into a fresh Node server.
  const workerFile = join(tempDir(), "from-worker.json");
  writeFileSync(workerFile, fromWorker);
  const again = await startNode(freshDir());
  servers.push(again);
  expect(await addDemo("--remote", again.url)).toContain("created site demo");
  const intoNode = JSON.parse(
    await confab("import", workerFile, "--site", "demo", "--format", "confab", "--remote", again.url),
  );
  expect(intoNode).toEqual({ threads: 1, comments: 18, skipped: 0, errors: [] });
  const backOnNode = await confab("export", "--site", "demo", "--remote", again.url);
  expect(moved(backOnNode)).toEqual(moved(fromWorker));
  // Byte for byte: the same export format from both runtimes.
  expect(backOnNode === fromWorker).toBe(true);
});
