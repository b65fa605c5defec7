// The caller as the worker sees it on Node (worker/node/client-address.ts): its address and, behind
// a trusted proxy only, the public URL the proxy was asked for; anything malformed is ignored.
import { describe, expect, it } from "vitest";
import { forwardedOrigin, withClientAddress } from "../../worker/node/client-address.ts";

const request = (headers: Record<string, string>, init: RequestInit = {}) =>
  new Request("http://127.0.0.1:8787/api/v1/auth/oauth/github/start?site=blog", { headers, ...init });

describe("the public URL behind a proxy", () => {
  it("is the proxy's X-Forwarded-Proto and -Host with TRUST_PROXY, the path and query kept", async () => {
    const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "comments.example.org" };
    const trusted = withClientAddress(request(forwarded), "203.0.113.9", true);
    expect(trusted.url).toBe("https://comments.example.org/api/v1/auth/oauth/github/start?site=blog");
    expect(trusted.headers.get("CF-Connecting-IP")).toBe("203.0.113.9");
    // Without the trust, the same headers change nothing.
    expect(withClientAddress(request(forwarded), "127.0.0.1").url).toBe(request({}).url);
  });

  it("keeps a write's method and body", async () => {
    const post = request(
      {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "c.example.org:8443",
        "Content-Type": "text/plain",
      },
      { method: "POST", body: "hello" },
    );
    const seen = withClientAddress(post, null, true);
    expect([seen.url.startsWith("https://c.example.org:8443/"), seen.method, await seen.text()]).toEqual([
      true,
      "POST",
      "hello",
    ]);
    expect(seen.headers.get("CF-Connecting-IP")).toBeNull();
  });

  it("ignores a malformed or foreign-scheme value, and takes the first of a list", () => {
    const origin = (proto: string, host: string) =>
      forwardedOrigin(new Headers({ "X-Forwarded-Proto": proto, "X-Forwarded-Host": host }));
    expect(origin("https", "a.example, b.example")).toBe("https://a.example");
    expect(origin("javascript", "a.example")).toBeNull();
    expect(origin("https", "a.example:443")).toBe("https://a.example");
    expect(origin("https", "a.example/evil")).toBeNull();
    expect(origin("https", "a.example?x=1")).toBeNull();
    expect(origin("https", "user@a.example")).toBeNull();
    expect(origin("https", "")).toBeNull();
    expect(forwardedOrigin(new Headers({ "X-Forwarded-Host": "a.example" }))).toBeNull();
  });
});
