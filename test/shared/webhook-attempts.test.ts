// The webhook consumer empties an event's body after its last attempt (services/webhooks.ts), so
// its count of attempts must be the queue's: the first and wrangler.toml's max_retries.
import { describe, expect, it } from "vitest";
import { queueConfigs } from "../../worker/node/wrangler-config.ts";
import { WEBHOOK_ATTEMPTS } from "../../worker/src/services/webhooks.ts";

describe("webhook attempts", () => {
  it("are wrangler.toml's max_retries of the webhooks queue, plus the first", () => {
    const webhooks = queueConfigs().find((q) => q.binding === "WEBHOOKS");
    expect(webhooks?.maxRetries).toBeGreaterThan(0);
    expect(WEBHOOK_ATTEMPTS).toBe((webhooks?.maxRetries ?? 0) + 1);
  });
});
