// Local development plumbing shared by `npm run dev` and the browser tests: secrets in .dev.vars,
// migrations and the demo seed on a local D1 (Miniflare's persisted state, as `wrangler dev` uses).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { weakSecret } from "../src/lib/keys.ts";
import { seedDemo } from "./seed-demo.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Wrangler needs no login and calls nothing but loopback with these. */
export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

export const bin = (name: string): string => `${ROOT}node_modules/.bin/${name}`;

export function run(cmd: string, args: string[], quiet = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...OFFLINE_ENV },
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let output = "";
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${code})\n${output}`)),
    );
  });
}

/** The var that makes a worker a development one (worker/src/lib/environment.ts). */
const DEV_ENVIRONMENT = 'ENVIRONMENT="development"';

/**
 * Creates .dev.vars with random secrets when it is missing; returns the path and whether it was
 * made. An older .dev.vars without ENVIRONMENT gets it added: the local setup is development
 * (webhooks to a receiver on this machine), which a deployment never is.
 */
export function ensureDevVars(path = `${ROOT}.dev.vars`): { path: string; created: boolean } {
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    if (!/^ENVIRONMENT=/m.test(text)) {
      appendFileSync(path, `${text === "" || text.endsWith("\n") ? "" : "\n"}${DEV_ENVIRONMENT}\n`);
      // Standard error: the CLI's standard output may be an export file.
      console.error(`${path}: added ${DEV_ENVIRONMENT}`);
    }
    strengthenHashSecret(path);
    return { path, created: false };
  }
  const token = randomBytes(24).toString("base64url");
  const hash = randomBytes(32).toString("base64url");
  // Mails (moderator notices, reply mails) go to the outbox the dashboard shows.
  writeFileSync(
    path,
    `ADMIN_TOKEN="${token}"\nHASH_SECRET="${hash}"\nMAIL_PROVIDER="log"\n${DEV_ENVIRONMENT}\n`,
    { mode: 0o600 },
  );
  return { path, created: true };
}

/**
 * An older .dev.vars may hold a HASH_SECRET the worker now refuses (shorter than 32 bytes): it is
 * replaced by a random one, so `npm run dev` keeps working (local edit tokens and mail links made
 * with the old one stop working, which only matters for local data).
 */
function strengthenHashSecret(path: string): void {
  const text = readFileSync(path, "utf8");
  const current = text.match(/^HASH_SECRET="?([^"\n]*)"?$/m)?.[1];
  if (current && weakSecret(current) === null) return;
  const line = `HASH_SECRET="${randomBytes(32).toString("base64url")}"`;
  const next =
    current === undefined
      ? `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${line}\n`
      : text.replace(/^HASH_SECRET=.*$/m, line);
  writeFileSync(path, next, { mode: 0o600 });
  console.error(
    `${path}: HASH_SECRET ${current === undefined ? "added" : "replaced by a random one of 32 bytes"}`,
  );
}

export function readDevVar(name: string): string | undefined {
  const text = readFileSync(`${ROOT}.dev.vars`, "utf8");
  return text.match(new RegExp(`^${name}="?([^"\\n]*)"?$`, "m"))?.[1];
}

/** `persistTo` is a folder like wrangler's `--persist-to` (state goes in its `v3/`). */
export async function applyMigrations(persistTo?: string, quiet = false): Promise<void> {
  const args = ["d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  await run(bin("wrangler"), args, quiet);
}

export async function seedLocal(persistTo: string | undefined, secret: string): Promise<string> {
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: `${ROOT}wrangler.toml`,
    persist: persistTo ? { path: `${persistTo}/v3` } : true,
  });
  try {
    const wxr = readFileSync(`${ROOT}test/fixtures/seed-post.wxr`, "utf8");
    return await seedDemo(proxy.env.DB, wxr, secret);
  } finally {
    await proxy.dispose();
  }
}
