// The bench's counted twin on Node (node-runtime.ts): worker/node/serve.ts's start, with the
// worker's fetch wrapped by lib/d1-count.ts, so each answer carries its D1 calls in X-Bench-D1.

import { openDatabase } from "../../worker/node/database.ts";
import { startServer } from "../../worker/node/server.ts";
import { loadSettings, serveSettings } from "../../worker/node/settings.ts";
import worker from "../../worker/src/handlers.ts";
import { countingWorker } from "./d1-count.ts";

const settings = loadSettings("/nonexistent/.env");
const serving = serveSettings(settings);
// The bench's twin shares the folder with the server it measures, on purpose (each has its own
// hot reads; the bench asks each only what it measures): the one-server lock is not taken.
const { db } = openDatabase(serving.dataDir, { exclusive: false });
// d1-count.ts types its own Bindings (it runs inside workerd too): the same worker either way.
const counted = countingWorker(worker as never) as unknown as { fetch: typeof worker.fetch };
const running = await startServer(db, settings, { ...serving, fetch: counted.fetch });
process.on("SIGTERM", () => void running.close().then(() => process.exit(0)));
console.log(JSON.stringify({ msg: "listening", url: running.url }));
