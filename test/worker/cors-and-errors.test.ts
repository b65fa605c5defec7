import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { ARTICLE, addSite, api, BLOG, expectError, postJson } from "./helpers.ts";

beforeEach(async () => {
  await env.DB.exec(
    "DELETE FROM comments; DELETE FROM threads; DELETE FROM site_origins; DELETE FROM sites;",
  );
  await addSite("blog", [BLOG]);
  await addSite("dev", ["http://localhost:*"]);
});

function preflight(origin: string, path = "/api/v1/comments") {
  return api(path, {
    method: "OPTIONS",
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "content-type",
    },
  });
}

describe("CORS preflight", () => {
  it("allows an origin of any registered site", async () => {
    const res = await preflight(BLOG);
    expect(res.status).toBe(204);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    expect(res.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    expect(res.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("content-type");
  });

  it("allows any port of a host registered with :*", async () => {
    for (const origin of ["http://localhost:5173", "http://localhost"]) {
      const res = await preflight(origin);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe(origin);
    }
  });

  it("refuses unknown, look-alike, null and wrong-scheme origins", async () => {
    for (const origin of [
      "https://evil.example",
      "https://blog.example.com.evil.net",
      "https://evilblog.example.com",
      "http://blog.example.com",
      "https://localhost:8787",
      "null",
    ]) {
      const res = await preflight(origin);
      expect(res.headers.get("Access-Control-Allow-Origin"), origin).toBeNull();
      expect(res.status).toBe(403);
    }
  });
});

describe("CORS on answers", () => {
  it("lets the widget of a known site read an error raised before the site is known", async () => {
    const res = await postJson("/api/v1/comments", "{broken", { Origin: BLOG });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(BLOG);
    await expectError(res, 400, "invalid_json");
  });

  it("does not let a site's origin read another site's thread", async () => {
    const res = await api(`/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`, {
      headers: { Origin: "http://localhost:3000" },
    });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    await expectError(res, 403, "origin_not_allowed");
  });
});

describe("error path", () => {
  it("answers unknown API routes with a JSON not_found", async () => {
    await expectError(await api("/api/v1/nothing-here"), 404, "not_found");
    await expectError(await api("/api/v2/threads"), 404, "not_found");
  });

  it("answers unknown static paths with not_found", async () => {
    await expectError(await api("/no/such/page"), 404, "not_found");
  });

  it("turns an unexpected failure into a generic internal error with no SQL or stack", async () => {
    await env.DB.exec("ALTER TABLE threads RENAME TO threads_gone");
    try {
      const res = await api(`/api/v1/threads?site=blog&url=${encodeURIComponent(ARTICLE)}`, {
        headers: { Origin: BLOG },
      });
      const text = await res.clone().text();
      await expectError(res, 500, "internal");
      expect(text).not.toMatch(/threads|SQL|at .*\.ts/i);
    } finally {
      await env.DB.exec("ALTER TABLE threads_gone RENAME TO threads");
    }
  });
});
