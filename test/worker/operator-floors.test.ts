// Operator floors: a moderator token cannot change a site's origins, turn its rate limits off or
// past the operator's maximums, or take its retention outside the operator's bounds. The
// operator's own token can. Refusals change nothing.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { Bindings } from "../../worker/src/env.ts";
import { fetchApp } from "./app-fetch.ts";
import { addSite, admin, adminJson, BLOG, expectError, RESET_SQL, snapshot } from "./helpers.ts";

let mod = "";
beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite("blog", [BLOG, "http://localhost:*"]);
  // addSite turns the rate limits off (the tests post fast); start from the defaults here.
  await env.DB.prepare(
    "UPDATE sites SET rate_limit_per_minute = 5, rate_limit_per_hour = 30, retention_days = 90",
  ).run();
  mod = (await adminJson("/tokens", { method: "POST", body: { label: "Mod", sites: ["blog"] } })).token;
  // A token's first use stamps its lastUsedAt; the snapshots below start after it.
  await adminJson("/sites", { token: mod });
});

const patch = (body: unknown, token: string | undefined = mod) =>
  admin("/sites/blog", { method: "PATCH", body, token });

/** The same PATCH through the app with settings of the test's choosing. */
const patchWith = (vars: Partial<Bindings>, body: unknown) =>
  fetchApp(
    "/api/v1/admin/sites/blog",
    {
      method: "PATCH",
      headers: { Authorization: `Bearer ${mod}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    },
    { vars },
  );

describe("origins", () => {
  it("are the operator's: a moderator's change is 403 and writes nothing", async () => {
    const before = await snapshot();
    for (const origins of [
      ["https://evil.example"],
      [BLOG],
      [BLOG, "http://localhost:*", "https://evil.example"],
      ["javascript:alert(1)"],
    ]) {
      const error = await expectError(await patch({ origins, name: "Renamed" }), 403, "forbidden");
      expect(error.message).toBe("Only the operator token can change a site's origins.");
    }
    expect(await snapshot()).toBe(before);
  });

  it("sent unchanged (in any order or spelling) are no change, so a whole-site save works", async () => {
    const { site } = await (
      await patch({ origins: ["HTTP://localhost:*", `${BLOG}/`], name: "R" })
    ).json<any>();
    expect([site.name, site.origins]).toEqual(["R", ["http://localhost:*", BLOG]]);
  });

  it("the operator changes them", async () => {
    const { site } = await adminJson("/sites/blog", {
      method: "PATCH",
      body: { origins: ["https://new.example"] },
    });
    expect(site.origins).toEqual(["https://new.example"]);
  });
});

describe("rate limits and retention", () => {
  const refused: [string, number, string][] = [
    ["rateLimitPerMinute", 0, "rateLimitPerMinute 1..10"],
    ["rateLimitPerMinute", 11, "rateLimitPerMinute 1..10"],
    ["rateLimitPerHour", 0, "rateLimitPerHour 1..100"],
    ["rateLimitPerHour", 101, "rateLimitPerHour 1..100"],
    ["retentionDays", 6, "retentionDays 7..365"],
    ["retentionDays", 366, "retentionDays 7..365"],
  ];
  for (const [field, value, bound] of refused) {
    it(`a moderator's ${field} = ${value} is validation_failed naming ${bound}, nothing written`, async () => {
      const before = await snapshot();
      const error = await expectError(await patch({ [field]: value, name: "X" }), 400, "validation_failed");
      expect(error.fields).toEqual({ [field]: "invalid" });
      expect(error.message).toContain(bound);
      expect(await snapshot()).toBe(before);
    });
  }

  it("names every field out of bounds at once", async () => {
    const error = await expectError(
      await patch({ rateLimitPerMinute: 0, retentionDays: 1000 }),
      400,
      "validation_failed",
    );
    expect(error.fields).toEqual({ rateLimitPerMinute: "invalid", retentionDays: "invalid" });
  });

  it("accepts the bounds themselves", async () => {
    const body = { rateLimitPerMinute: 10, rateLimitPerHour: 1, retentionDays: 365 };
    expect((await (await patch(body)).json<any>()).site).toMatchObject(body);
    expect((await (await patch({ retentionDays: 7 })).json<any>()).site.retentionDays).toBe(7);
  });

  it("leaves an operator's setting outside the bounds alone when a moderator saves it unchanged", async () => {
    await adminJson("/sites/blog", {
      method: "PATCH",
      body: { rateLimitPerMinute: 0, rateLimitPerHour: 5000, retentionDays: 2 },
    });
    const res = await patch({
      rateLimitPerMinute: 0,
      rateLimitPerHour: 5000,
      retentionDays: 2,
      name: "Kept",
    });
    expect((await res.json<any>()).site).toMatchObject({
      name: "Kept",
      rateLimitPerMinute: 0,
      retentionDays: 2,
    });
    await expectError(await patch({ rateLimitPerHour: 4999 }), 400, "validation_failed");
  });

  it("binds no operator", async () => {
    const body = { rateLimitPerMinute: 0, rateLimitPerHour: 100_000, retentionDays: 1 };
    expect((await adminJson("/sites/blog", { method: "PATCH", body })).site).toMatchObject(body);
  });

  it("follows the operator's vars, and ignores one that is not a whole number", async () => {
    const vars = {
      MODERATOR_MAX_RATE_PER_MINUTE: "50",
      MODERATOR_MAX_RATE_PER_HOUR: 500,
      MODERATOR_MIN_RETENTION_DAYS: "30",
      MODERATOR_MAX_RETENTION_DAYS: "ten",
    };
    const ok = await patchWith(vars, { rateLimitPerMinute: 50, rateLimitPerHour: 500, retentionDays: 365 });
    expect((await ok.json<any>()).site).toMatchObject({ rateLimitPerMinute: 50, rateLimitPerHour: 500 });
    const error = await expectError(await patchWith(vars, { retentionDays: 29 }), 400, "validation_failed");
    expect(error.message).toContain("retentionDays 30..365");
    await expectError(await patchWith(vars, { retentionDays: 366 }), 400, "validation_failed");
    await expectError(await patchWith(vars, { rateLimitPerMinute: 51 }), 400, "validation_failed");
  });
});
