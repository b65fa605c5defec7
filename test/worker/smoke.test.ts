import { env } from "cloudflare:workers";
import { expect, it } from "vitest";

it("has the migrated tables", async () => {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
  expect(results.map((r) => r.name)).toContain("comments");
});
