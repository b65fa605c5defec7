// `npm run serve`: Confab on plain Node with one SQLite file (docs/self-host.md).
import { resolve } from "node:path";
import { isDevelopment } from "../src/lib/environment.ts";
import { openDatabase, seedDemoSite } from "./database.ts";
import { SchemaError } from "./migrations.ts";
import { guardOutbound } from "./outbound.ts";
import { startServer } from "./server.ts";
import { ensureEnvFile, loadSettings, serveSettings } from "./settings.ts";

const log = (line: Record<string, unknown>) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));

const envFile = resolve(".env");
if (ensureEnvFile(envFile))
  log({ level: "info", msg: `made ${envFile} with a random ADMIN_TOKEN and HASH_SECRET` });
const settings = loadSettings(envFile);
const serving = serveSettings(settings);
// Outside development the worker's fetches reach public addresses only (outbound.ts).
guardOutbound(isDevelopment(settings));

let opened: ReturnType<typeof openDatabase>;
try {
  opened = openDatabase(serving.dataDir);
} catch (err) {
  if (!(err instanceof SchemaError)) throw err;
  console.error(JSON.stringify({ time: new Date().toISOString(), level: "fatal", msg: err.message }));
  process.exit(1);
}
const { db, migrated } = opened;
if (migrated.length > 0) log({ level: "info", msg: "migrations applied", migrations: migrated });
if (serving.demo && settings.HASH_SECRET)
  log({ level: "info", msg: `seed ${await seedDemoSite(db, settings.HASH_SECRET)}` });

const running = await startServer(db, settings, serving);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log({ level: "info", msg: `${signal}: finishing open requests and background work` });
  running.close().then(
    () => {
      log({ level: "info", msg: "stopped" });
      process.exit(0);
    },
    (err) => {
      console.error(JSON.stringify({ level: "fatal", msg: "shutdown failed", error: String(err) }));
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
// Last: a supervisor (or a test) that signals on this line finds the handlers in place.
log({ level: "info", msg: "listening", url: running.url, dataDir: serving.dataDir });
