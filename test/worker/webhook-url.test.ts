// A webhook URL is a request the worker makes on a site's behalf, with the answer's status in the
// delivery log: outside development it must be https: with a public DNS name, for every token.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import type { Bindings } from "../../worker/src/env.ts";
import { fetchApp } from "./app-fetch.ts";
import { addSite, adminJson, BLOG, expectError, OPERATOR, RESET_SQL, snapshot } from "./helpers.ts";

const PRODUCTION: Partial<Bindings> = { ENVIRONMENT: undefined };

let mod = "";
beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite("blog", [BLOG]);
  mod = (await adminJson("/tokens", { method: "POST", body: { label: "Mod", sites: ["blog"] } })).token;
  await adminJson("/sites", { token: mod });
});

const send = (method: string, path: string, body: unknown, token = OPERATOR, vars = PRODUCTION) =>
  fetchApp(
    `/api/v1/admin${path}`,
    {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    },
    { vars },
  );

const REFUSED = [
  "http://hooks.example.com/x",
  "https://127.0.0.1/x",
  "https://2130706433/",
  "https://0x7f000001/",
  "https://017700000001/",
  "https://0x7f.1/",
  "https://127.1/",
  "https://10.0.0.1:8443/x",
  "https://169.254.169.254/latest/meta-data/",
  "https://[::1]/",
  "https://[::ffff:127.0.0.1]/",
  "https://[fd00::1]:8080/x",
  "https://localhost/x",
  "https://localhost./x",
  "https://api.localhost/x",
  "https://intranet/x",
  "https://printer.local/x",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://router.home.arpa/",
  "https://nas.lan/",
];

describe("webhookUrl outside development", () => {
  for (const url of REFUSED) {
    it(`refuses ${url}, changing nothing`, async () => {
      const before = await snapshot();
      const patched = await expectError(
        await send("PATCH", "/sites/blog", { webhookUrl: url }, mod),
        400,
        "validation_failed",
      );
      expect(patched.fields).toEqual({ webhookUrl: "invalid" });
      expect(patched.message).toMatch(/^The webhook URL is not allowed: /);
      await expectError(await send("PATCH", "/sites/blog", { webhookUrl: url }), 400, "validation_failed");
      const created = { id: "new", name: "New", origins: ["https://new.example"], webhookUrl: url };
      await expectError(await send("POST", "/sites", created), 400, "validation_failed");
      expect(await snapshot()).toBe(before);
    });
  }

  it("accepts https URLs with public DNS names, any port, stored as URL.href", async () => {
    for (const [url, stored] of [
      ["https://hooks.example.com/x", "https://hooks.example.com/x"],
      ["https://Hooks.Example.com:8443/a b", "https://hooks.example.com:8443/a%20b"],
      ["https://bücher.example/hook", "https://xn--bcher-kva.example/hook"],
      ["https://hooks.example.com./x", "https://hooks.example.com./x"],
    ]) {
      const res = await send("PATCH", "/sites/blog", { webhookUrl: url }, mod);
      expect([res.status, ((await res.json()) as any).site?.webhookUrl]).toEqual([200, stored]);
    }
    const cleared = await send("PATCH", "/sites/blog", { webhookUrl: null }, mod);
    expect(((await cleared.json()) as any).site.webhookUrl).toBeNull();
  });

  it("is production for any ENVIRONMENT but development", async () => {
    for (const ENVIRONMENT of ["production", "Development", "dev", ""]) {
      const res = await send("PATCH", "/sites/blog", { webhookUrl: "http://127.0.0.1:9/x" }, mod, {
        ENVIRONMENT,
      });
      expect([ENVIRONMENT, res.status]).toEqual([ENVIRONMENT, 400]);
    }
  });

  it("leaves a stored URL alone when it is sent back unchanged", async () => {
    await env.DB.prepare("UPDATE sites SET webhook_url = 'http://10.0.0.1/legacy' WHERE id = 'blog'").run();
    const body = { webhookUrl: "http://10.0.0.1/legacy", name: "Renamed" };
    const res = await send("PATCH", "/sites/blog", body, mod);
    expect(((await res.json()) as any).site).toMatchObject(body);
  });
});

describe("webhookUrl in development", () => {
  it("takes a local receiver, as the dev setup and these tests need", async () => {
    const res = await send("PATCH", "/sites/blog", { webhookUrl: "http://127.0.0.1:9/x" }, mod, {
      ENVIRONMENT: "development",
    });
    expect([res.status, ((await res.json()) as any).site?.webhookUrl]).toEqual([200, "http://127.0.0.1:9/x"]);
    const other = await send("PATCH", "/sites/blog", { webhookUrl: "ftp://x.example/" }, mod, {
      ENVIRONMENT: "development",
    });
    expect(other.status).toBe(400);
  });
});

describe("a stored internal webhook URL at delivery time", () => {
  it("is refused without a request outside development, and recorded as refused", async () => {
    const hook = `${inject("hookUrl")}/hook/ok/legacy-${Date.now()}`;
    await env.DB.prepare("UPDATE sites SET webhook_url = ?1 WHERE id = 'blog'").bind(hook).run();
    const post = (vars: Partial<Bindings>) =>
      fetchApp(
        "/api/v1/comments",
        {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: BLOG },
          body: JSON.stringify({ site: "blog", url: `${BLOG}/p/`, text: `hi ${JSON.stringify(vars)}` }),
        },
        // No queue: the first attempt is made at once, inside the awaited request.
        { vars: { ...vars, WEBHOOKS: undefined } },
      );
    expect((await post(PRODUCTION)).status).toBe(201);
    expect((await post({ ENVIRONMENT: "development" })).status).toBe(201);
    const rows = (
      await env.DB.prepare(
        "SELECT attempts, last_error, delivered_at FROM webhook_deliveries ORDER BY rowid",
      ).all<any>()
    ).results;
    expect(rows).toEqual([
      { attempts: 1, last_error: expect.stringMatching(/^refused: /), delivered_at: null },
      { attempts: 1, last_error: null, delivered_at: expect.any(String) },
    ]);
    const calls = (await (await fetch(`${inject("hookUrl")}/__log`)).json()) as { path: string }[];
    expect(calls.filter((c) => c.path === new URL(hook).pathname)).toHaveLength(1);
  });
});
