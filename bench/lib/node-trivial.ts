// The Node runtime's ceiling for the bench (node-runtime.ts): a trivial app on the same HTTP stack
// as worker/node/server.ts (@hono/node-server), as the trivial script is on workerd.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

const server = serve({ fetch: () => new Response("ok"), port: 0, hostname: "127.0.0.1" }, () =>
  console.log(
    JSON.stringify({ msg: "listening", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
  ),
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
