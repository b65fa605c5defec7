// The `worker-node` project's runtime for one test file of test/worker/: the Node server
// (worker/node/server.ts) started in this process on a fresh SQLite file with the migrations,
// with the settings the `worker` project gives miniflare (test/fakes/bindings.ts). Vitest
// isolates each file's modules, so each file gets its own server and file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { NodeD1 } from "../../../worker/node/d1.ts";
import { migrate } from "../../../worker/node/migrations.ts";
import { startServer } from "../../../worker/node/server.ts";
import { testBindings } from "../../fakes/bindings.ts";

const dir = mkdtempSync(join(tmpdir(), "confab-worker-node-"));
const db = new NodeD1(join(dir, "confab.sqlite"));
migrate(db);

// The request log lines of the server are left out; the worker's own log lines are printed as
// they are in workerd. SELF reaches the server as a reverse proxy would (X-Forwarded-*).
export const running = await startServer(
  db,
  { ...testBindings(inject), TRUST_PROXY: "on" },
  { port: 0, host: "127.0.0.1", log: () => {} },
);

export async function stop(): Promise<void> {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
}
