import { app } from "./app.ts";
import type { Bindings } from "./env.ts";
import { cleanup } from "./services/cleanup.ts";

export default {
  fetch: app.fetch,
  /** The daily Cron Trigger of wrangler.toml: the privacy cleanup. */
  async scheduled(_controller: ScheduledController, env: Bindings, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(cleanup(env.DB).then((r) => console.log(JSON.stringify({ cleanup: r }))));
  },
} satisfies ExportedHandler<Bindings>;
