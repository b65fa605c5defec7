// `cloudflare:workers` in the `worker-node` project: `env` is the bindings the Node server's
// worker gets (DB a NodeD1 on the file's SQLite database, the settings, WEBHOOKS, LIVE), and
// `DurableObject` a base class, for worker/src/index.ts's Durable Object class (never made here:
// the Node server's LIVE is the in-process broadcaster).
import { running } from "./node-runtime.ts";

export const env = running.env;

export class DurableObject<Env = unknown> {
  readonly ctx: unknown;
  readonly env: Env;
  constructor(ctx: unknown, env: Env) {
    this.ctx = ctx;
    this.env = env;
  }
}
