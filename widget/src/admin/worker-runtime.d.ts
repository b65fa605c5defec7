// The dashboard's client takes its answer types from the worker's `AppType` (type-only,
// widget/src/admin/api.ts), so the worker's source is part of the browser programs (tsc -p widget,
// tsc -p test/widget) for its types, and that source names a few Workers runtime types. Why this
// file, rather than the alternatives:
// - the worker's own declarations (worker/worker-configuration.d.ts, `wrangler types`) are global
//   and redeclare fetch, Request, Response, Element… with the runtime's shapes: next to the DOM
//   lib they clash, and `skipLibCheck` only hides that while the widget's own types change;
// - `any` stand-ins make the worker's `.all<Row>()` calls fail to compile, and would let answer
//   types quietly lose their row types;
// - emitting the worker's declarations first (Hono's "compile before use") adds a build step and
//   generated files to keep in step.
// So the runtime types the worker names are taken from Cloudflare's importable, module-scoped
// declarations (@cloudflare/workers-types, types only), which sit beside the DOM lib without a
// clash; `tsc -p worker` still checks the worker against the generated ones, and
// test/widget/admin/answer-types.ts checks that the dashboard's answer types come out exact. A new
// runtime type in the worker's code shows up here as "Cannot find name", to be added below.
import type * as Workers from "@cloudflare/workers-types";

declare global {
  type D1Database = Workers.D1Database;
  type D1PreparedStatement = Workers.D1PreparedStatement;
  type D1Result<T = unknown> = Workers.D1Result<T>;
  type Queue<Body = unknown> = Workers.Queue<Body>;
  /** The bindings of wrangler.toml as the worker's code uses them; static assets are fetched
   * with the page's own Request and Response here, the runtime's being other classes. */
  interface Env {
    DB: D1Database;
    WEBHOOKS: Queue;
    ASSETS: { fetch(request: Request): Promise<Response> };
    /** The Durable Objects of live threads (worker/src/live/), as the worker's routes call them. */
    LIVE: {
      idFromName(name: string): unknown;
      get(id: unknown): {
        fetch(url: string, init: RequestInit): Promise<Response & { webSocket: unknown }>;
        publish(messages: string[]): Promise<number>;
      };
    };
  }
  /** workerd's own field: a body already encoded (lib/read-cache.ts sends kept gzip as it is). */
  interface ResponseInit {
    encodeBody?: "automatic" | "manual";
  }
}
