// `npm run bench -- --runtime node`: the same parts against the Node runtime (docs/self-host.md).
// Each worker name of bench/lib/runtime.ts is a process of its own on 127.0.0.1: `confab` is
// `npm run serve`'s entry (worker/node/serve.ts) on a SQLite file in the bench's state folder,
// `counted` the same server with its D1 calls counted (node-counted.ts, the same file), and `ok`
// a trivial app on the same HTTP stack (@hono/node-server), the runtime's ceiling. The bench reads
// and generates rows through a NodeD1 of its own on the file (WAL lets it share the file).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { asD1, NodeD1 } from "../../worker/node/d1.ts";
import { ROOT } from "./paths.ts";
import { ADMIN_TOKEN, type Runtime } from "./runtime.ts";

const HASH_SECRET = "bench-hash-secret-0123456789abcdef0123456789";
const ENTRIES = {
  confab: `${ROOT}worker/node/serve.ts`,
  counted: `${ROOT}bench/lib/node-counted.ts`,
  ok: `${ROOT}bench/lib/node-trivial.ts`,
};

export interface NodeRuntime extends Runtime {
  /** The database file's size (main file and WAL), for the storage figures. */
  fileBytes(): number;
}

async function launch(entry: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", entry], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? "",
      DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      DEMO: "off",
      ADMIN_TOKEN,
      HASH_SECRET,
      // All the live part's sockets come from one address (as on workerd, lib/runtime.ts).
      LIVE_MAX_PER_NETWORK: "5000",
    },
    // Request log lines are dropped: the bench reads only the start-up line.
    stdio: ["ignore", "pipe", "inherit"],
  });
  let seen = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry}: no "listening" line`)), 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      seen += d;
      const m = seen.match(/"msg":"listening","url":"([^"]+)"/);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`${entry} exited (${code}) before listening`)));
  });
  // From here on stdout is drained and dropped (one JSON line per request).
  child.stdout?.removeAllListeners("data");
  child.stdout?.resume();
  return { child, url };
}

export async function startNodeRuntime(
  state: string,
  names: ("confab" | "ok" | "counted")[],
): Promise<NodeRuntime> {
  const dataDir = join(state, "node");
  mkdirSync(dataDir, { recursive: true });
  const urls: Record<string, string> = {};
  const children: ChildProcess[] = [];
  let pid: number | null = null;
  // One after the other: the first start migrates the file, the next ones find it done.
  for (const name of names) {
    const { child, url } = await launch(ENTRIES[name], dataDir);
    children.push(child);
    urls[name] = url;
    if (name === "confab") pid = child.pid ?? null;
  }
  // The bench's own deadline exits the process at once: no server is left behind it.
  const orphans = () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  };
  process.once("exit", orphans);
  const file = join(dataDir, "confab.sqlite");
  const db = new NodeD1(file);
  return {
    urls,
    db: asD1(db),
    pid,
    fileBytes: () => [file, `${file}-wal`].filter(existsSync).reduce((n, f) => n + statSync(f).size, 0),
    dispose: async () => {
      process.off("exit", orphans);
      db.close();
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once("exit", () => resolve());
              c.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}
