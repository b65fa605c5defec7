// The real worker under workerd, through Miniflare's API and without `wrangler dev`'s proxy: the
// bundle `wrangler deploy --dry-run` makes, served on a direct workerd socket on 127.0.0.1, with a
// D1 database persisted in a temporary folder and the real migrations applied.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire, stripTypeScriptTypes } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./paths.ts";

export const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
const HASH_SECRET = "bench-hash-secret-0123456789abcdef0123456789";
const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

// Miniflare comes with wrangler; it is resolved from there in case it is not hoisted.
const fromWrangler = createRequire(createRequire(`${ROOT}package.json`).resolve("wrangler/package.json"));
type MiniflareModule = typeof import("miniflare");
const miniflare: MiniflareModule = await import(fromWrangler.resolve("miniflare"));

function compat(): { compatibilityDate: string; compatibilityFlags: string[] } {
  const toml = readFileSync(`${ROOT}wrangler.toml`, "utf8");
  const date = toml.match(/^compatibility_date\s*=\s*"([^"]+)"/m)?.[1];
  const flags = toml.match(/^compatibility_flags\s*=\s*\[([^\]]*)\]/m)?.[1];
  if (!date) throw new Error("wrangler.toml has no compatibility_date");
  return {
    compatibilityDate: date,
    compatibilityFlags: [...(flags ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1] as string),
  };
}

/** Bundles the worker as a deploy would, into a temporary folder; returns the folder. */
export async function buildWorker(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), "confab-bench-worker-"));
  await new Promise<void>((resolve, reject) => {
    let log = "";
    const child = spawn(`${ROOT}node_modules/.bin/wrangler`, ["deploy", "--dry-run", "--outdir", out], {
      cwd: ROOT,
      env: { ...process.env, ...OFFLINE_ENV },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d) => {
      log += d;
    });
    child.stderr.on("data", (d) => {
      log += d;
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler build failed\n${log}`))));
  });
  // The D1 counting harness: the same bundle, its D1 binding wrapped (bench/lib/d1-count.ts).
  const counter = readFileSync(`${ROOT}bench/lib/d1-count.ts`, "utf8");
  writeFileSync(join(out, "d1-count.js"), stripTypeScriptTypes(counter));
  writeFileSync(
    join(out, "counted.js"),
    'import worker from "./index.js";\nimport { countingWorker } from "./d1-count.js";\nexport { ThreadLive } from "./index.js";\nexport default countingWorker(worker);\n',
  );
  return out;
}

export interface Runtime {
  /** Base URLs (direct workerd sockets) of the workers started. */
  urls: Record<string, string>;
  db: D1Database;
  /** The workerd process's id, for sampling its memory from /proc. */
  pid: number | null;
  dispose(): Promise<void>;
}

const TRIVIAL = 'export default { fetch() { return new Response("ok"); } };';

/**
 * Starts workerd with the named workers: `confab` (the real bundle), `ok` (a trivial script,
 * the runtime's ceiling) and `counted` (the real bundle with its D1 calls counted).
 */
export async function startRuntime(
  bundle: string,
  state: string,
  names: ("confab" | "ok" | "counted")[],
): Promise<Runtime> {
  const { compatibilityDate, compatibilityFlags } = compat();
  const direct = [{ host: "127.0.0.1", port: 0 }];
  // Modules listed explicitly: the entry first, named relative to the bundle's folder.
  const app = (name: string, files: string[]) => ({
    name,
    modules: files.map((f) => ({ type: "ESModule" as const, path: join(bundle, f) })),
    modulesRoot: bundle,
    compatibilityDate,
    compatibilityFlags,
    d1Databases: { DB: "bench" },
    // Live threads' Durable Object, as wrangler.toml declares it (SQLite-backed). Every bench
    // socket comes from 127.0.0.1, one network: its cap is raised past the 1,000 the live part opens.
    durableObjects: { LIVE: { className: "ThreadLive", useSQLite: true } },
    bindings: { HASH_SECRET, ADMIN_TOKEN, LIVE_MAX_PER_NETWORK: "5000" },
    unsafeDirectSockets: direct,
  });
  const workers = names.map((name) =>
    name === "ok"
      ? { name, modules: true, script: TRIVIAL, compatibilityDate, unsafeDirectSockets: direct }
      : app(name, name === "confab" ? ["index.js"] : ["counted.js", "d1-count.js", "index.js"]),
  );
  const before = new Set(childPids("workerd"));
  const mf = new miniflare.Miniflare(
    miniflare.convertV4MiniflareOptions({
      resourcePersistencePath: state,
      workers,
    } as Parameters<MiniflareModule["convertV4MiniflareOptions"]>[0]),
  );
  await mf.ready;
  const urls: Record<string, string> = {};
  for (const name of names) urls[name] = (await mf.unsafeGetDirectURL(name)).origin;
  const db = (await mf.getD1Database(
    "DB",
    names.find((n) => n !== "ok"),
  )) as unknown as D1Database;
  const pid = childPids("workerd").find((p) => !before.has(p)) ?? null;
  return { urls, db, pid, dispose: () => mf.dispose() };
}

/** Children of this process with the given command name, from /proc. */
export function childPids(comm: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (name === comm && ppid === process.pid) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Applies worker/migrations in order, each file's statements in one batch. */
export async function migrate(db: D1Database): Promise<void> {
  const { unstable_splitSqlQuery } = (await import(fromWrangler.resolve("wrangler"))) as {
    unstable_splitSqlQuery(sql: string): string[];
  };
  const dir = `${ROOT}worker/migrations`;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    const statements = unstable_splitSqlQuery(readFileSync(join(dir, file), "utf8"));
    await db.batch(statements.map((s) => db.prepare(s)));
  }
}

export function tempState(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "confab-bench-state-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The D1 database's SQLite file(s) in a persisted state folder, in bytes (main file only). */
export function d1FileBytes(state: string): number {
  const dir = join(state, "d1", "miniflare-D1DatabaseObject");
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  return files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}
