// Where a file of test/worker/ runs: inside workerd (the `worker` project) or against the Node
// server in-process (`worker-node`, test/node/workerd/). What only workerd has is skipped on Node
// with its reason printed, never silently; each such reason is listed in docs/self-host.md.
import { beforeEach, type TestContext } from "vitest";

/** workerd names itself in `navigator.userAgent`; Node's is "Node.js/…". */
const userAgent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
export const ON_NODE = userAgent !== "Cloudflare-Workers";

/**
 * On Node, skips with `reason`: the test whose context is given, else every test of the suite the
 * call is in (the whole file, called at its top level). Nothing on workerd.
 */
export function workerdOnly(reason: string, ctx?: TestContext): void {
  if (!ON_NODE) return;
  if (ctx) {
    console.info(`worker-node: skipped "${ctx.task.name}": ${reason}`);
    ctx.skip(reason);
    return;
  }
  console.info(`worker-node: skipped: ${reason}`);
  beforeEach((c) => c.skip(reason));
}

/**
 * Waits for the clock to move on: on Node it runs during a test's code, on workerd it moves at
 * I/O, so two steps a test needs at distinct times (a purge, then a read to keep) wait for it.
 */
export async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  while (Date.now() === now) await new Promise((r) => setTimeout(r, 1));
}
