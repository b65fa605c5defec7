// Starts `npm run serve`'s entry (worker/node/serve.ts) as its own process, on a random
// 127.0.0.1 port, with a fresh data folder and working folder of its own: the Node runtime as an
// operator runs it, reached over HTTP only.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ENTRY = fileURLToPath(new URL("../../worker/node/serve.ts", import.meta.url));
export const OPERATOR = "node-test-admin-token";
export const BLOG = "https://blog.example.com";
export const ARTICLE = `${BLOG}/2024/05/hello-world/`;

export interface NodeServer {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Every line the process printed (stdout and stderr). */
  lines: string[];
  /** Sends the signal and resolves with the exit code once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const freshDir = (): string => mkdtempSync(join(tmpdir(), "confab-node-"));

/** Runs the entry to its end (for starts that must fail): its exit code and output. */
export function runToExit(dataDir: string, env: Record<string, string> = {}, user?: User) {
  const child = launch(dataDir, env, user);
  const lines = collect(child);
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, output: lines.join("\n") })),
  );
}

export async function startNode(dataDir = freshDir(), env: Record<string, string> = {}): Promise<NodeServer> {
  const child = launch(dataDir, env);
  const lines = collect(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line:\n${lines.join("\n")}`)), 30_000);
    child.stdout?.on("data", () => {
      const listening = lines.map(parse).find((l) => l?.msg === "listening");
      if (listening) {
        clearTimeout(timer);
        resolve(String(listening.url));
      }
    });
    void exited.then((code) => reject(new Error(`exited (${code}) before listening:\n${lines.join("\n")}`)));
  });
  return {
    url,
    dataDir,
    child,
    lines,
    stop: (signal = "SIGTERM") => {
      child.kill(signal);
      return exited;
    },
  };
}

/** Another user to run as (root ignores file modes, so a read-only file needs one). */
export type User = { uid: number; gid: number };

function launch(dataDir: string, env: Record<string, string>, user?: User): ChildProcess {
  return spawn(process.execPath, ["--disable-warning=ExperimentalWarning", ENTRY], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? "",
      DATA_DIR: join(dataDir, "data"),
      PORT: "0",
      HOST: "127.0.0.1",
      DEMO: "off",
      ADMIN_TOKEN: OPERATOR,
      HASH_SECRET: "node-test-hash-secret-Qm2xZ9vB4nK8pL1wR6tY3",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    ...user,
  });
}

function collect(child: ChildProcess): string[] {
  const lines: string[] = [];
  const take = (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
  child.stdout?.on("data", take);
  child.stderr?.on("data", take);
  return lines;
}

function parse(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** A site for the tests, made through the admin API, with its rate limits off. */
export async function addSite(url: string, moderation = "none"): Promise<void> {
  const res = await adminFetch(url, "/api/v1/admin/sites", {
    method: "POST",
    body: {
      id: "blog",
      name: "Blog",
      origins: [BLOG],
      moderation,
      rateLimitPerMinute: 0,
      rateLimitPerHour: 0,
    },
  });
  if (res.status !== 201) throw new Error(`site: ${res.status} ${await res.text()}`);
}

export function adminFetch(url: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    headers: { Authorization: `Bearer ${OPERATOR}`, "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export function postComment(
  url: string,
  text: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return fetch(`${url}/api/v1/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: BLOG, ...headers },
    body: JSON.stringify({
      site: "blog",
      url: ARTICLE,
      author: { name: "Ann" },
      text,
      elapsedMs: 6000,
      ...extra,
    }),
  });
}

export async function thread(url: string): Promise<{ comments: { id: string; html: string }[] } & any> {
  const res = await fetch(`${url}/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`, {
    headers: { Origin: BLOG },
  });
  if (res.status !== 200) throw new Error(`thread: ${res.status} ${await res.text()}`);
  return res.json();
}
