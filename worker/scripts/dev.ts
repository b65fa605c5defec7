// `npm run dev`: build the widget, prepare local D1 (migrations, demo site, seed discussion),
// then serve everything from `wrangler dev` while Vite rebuilds the widget on change.
import { spawn } from "node:child_process";
import {
  applyMigrations,
  bin,
  ensureDevVars,
  OFFLINE_ENV,
  ROOT,
  readDevVar,
  run,
  seedLocal,
} from "./local.ts";

const port = process.env.PORT ?? "8787";

const vars = ensureDevVars();
await run(bin("vite"), ["build", "--logLevel", "warn"]);
// The dashboard second: the widget build empties dist/.
await run(bin("vite"), ["build", "-c", "vite.admin.config.ts", "--logLevel", "warn"]);
await applyMigrations();
console.log(`seed: ${await seedLocal(undefined, readDevVar("HASH_SECRET") ?? "")}`);

const children = [
  spawn(bin("vite"), ["build", "--watch", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" }),
  spawn(bin("vite"), ["build", "-c", "vite.admin.config.ts", "--watch", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
  }),
  spawn(bin("wrangler"), ["dev", "--port", port, "--show-interactive-dev-session=false"], {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: "inherit",
  }),
];
for (const child of children) child.on("exit", (code) => shutdown(code ?? 0));
function shutdown(code: number): void {
  for (const child of children) child.kill("SIGTERM");
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

console.log(`
  Confab demo blog:  http://localhost:${port}/
  Demo article:      http://localhost:${port}/2011/04/01/late-night-libya-update-defections-and-secret-talks/
  Admin token:       ADMIN_TOKEN in ${vars.path}${vars.created ? " (just created)" : ""}
`);
