// One vitest run, six projects: shared code (node), the worker (inside workerd with real D1 and
// the real migrations), the same worker tests on the Node runtime (worker-node), the widget
// (happy-dom, real Preact components), the Node runtime (its own server process on SQLite) and
// the browser tests
// (real Chromium against the real worker, started by test/e2e/global-setup.ts).

import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";
import { FAKE_SERVICES, testBindings } from "./test/fakes/bindings.ts";

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "shared", include: ["test/shared/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...testBindings(inject),
                TEST_MIGRATIONS: await readD1Migrations("worker/migrations"),
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/worker/apply-migrations.ts"],
          globalSetup: FAKE_SERVICES,
        },
      },
      {
        // The same files of test/worker/ against the Node server (worker/node/) started in-process
        // on a fresh SQLite file per file: `cloudflare:test` and `cloudflare:workers` are stand-ins
        // (test/node/workerd/); what only workerd has is skipped with its reason (runtime.ts).
        resolve: {
          alias: {
            "cloudflare:test": fileURLToPath(
              new URL("./test/node/workerd/cloudflare-test.ts", import.meta.url),
            ),
            "cloudflare:workers": fileURLToPath(
              new URL("./test/node/workerd/cloudflare-workers.ts", import.meta.url),
            ),
          },
        },
        test: {
          name: "worker-node",
          include: ["test/worker/**/*.test.ts"],
          environment: "node",
          // A process per file (the default, forks): vmForks spends about 40% less CPU but runs
          // each file in a vm context, where node:sqlite's errors are not the context's Error and
          // the worker's error handler behaves as it never does on a real server.
          execArgv: ["--disable-warning=ExperimentalWarning"],
          setupFiles: ["test/node/workerd/setup.ts"],
          globalSetup: FAKE_SERVICES,
        },
      },
      {
        plugins: [preact({ prefreshEnabled: false })],
        test: { name: "widget", include: ["test/widget/**/*.test.{ts,tsx}"], environment: "happy-dom" },
      },
      {
        // The same app on plain Node with one SQLite file (worker/node/), over HTTP, each file
        // starting its own server process on a random port with a fresh data folder.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
