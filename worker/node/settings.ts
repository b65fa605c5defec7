// Settings and secrets on Node: the worker's own names (worker/src/env.ts: ADMIN_TOKEN,
// HASH_SECRET, MAIL_PROVIDER, FRESH_SECONDS, …) from the environment, or from a `.env` file in the
// working folder; the environment wins. `npm run serve` makes that file, with random secrets,
// the first time it finds neither (as `npm run dev` makes .dev.vars).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";

export type Settings = Record<string, string>;

/** The Node-only settings (the rest are the worker's). */
export interface ServeSettings {
  /** Folder of the one database file, `confab.sqlite` (default ./data). */
  dataDir: string;
  port: number;
  /** Address to listen on (default 127.0.0.1: put a reverse proxy in front, docs/self-host.md). */
  host: string;
  /** `off` leaves the demo site and its seeded discussion out (default on). */
  demo: boolean;
}

export function loadSettings(envFile = resolve(".env"), environment = process.env): Settings {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, "utf8")) : {};
  const merged: Settings = {};
  for (const [k, v] of Object.entries({ ...fromFile, ...environment })) if (v !== undefined) merged[k] = v;
  return merged;
}

export function serveSettings(s: Settings): ServeSettings {
  const port = Number(s.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT: not a port (${s.PORT})`);
  return {
    dataDir: resolve(s.DATA_DIR ?? "data"),
    port,
    host: s.HOST ?? "127.0.0.1",
    demo: (s.DEMO ?? "on") !== "off",
  };
}

/** Writes `.env` with random secrets when neither it nor the environment has HASH_SECRET. */
export function ensureEnvFile(envFile = resolve(".env"), environment = process.env): boolean {
  if (existsSync(envFile) || environment.HASH_SECRET) return false;
  const token = randomBytes(24).toString("base64url");
  const hash = randomBytes(32).toString("base64url");
  writeFileSync(envFile, `ADMIN_TOKEN="${token}"\nHASH_SECRET="${hash}"\nMAIL_PROVIDER="log"\n`, {
    mode: 0o600,
  });
  return true;
}
