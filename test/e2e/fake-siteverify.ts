// A local stand-in for Turnstile's siteverify, for the worker under `wrangler dev` (global-setup.ts
// passes its URL as TURNSTILE_VERIFY_URL). It speaks the real protocol: a form-encoded POST of
// secret, response and remoteip, answered with JSON `{ success, hostname, "error-codes" }`, each
// token accepted once. The fake client script of turnstile.test.ts issues the tokens: those
// starting with PASS are solved on `localhost`; anything else is refused as a real forgery would be.
// `GET /__log` lists every verification received, in order.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const SITEVERIFY_PATH = "/turnstile/v0/siteverify";
export const TURNSTILE_SECRET = "e2e-turnstile-secret";
export const PASS = "e2e-pass.";

export interface Verification {
  secret: string | null;
  response: string | null;
  remoteip: string | null;
  contentType: string;
}

export async function startSiteverify(): Promise<{ url: string; close(): Promise<void> }> {
  const log: Verification[] = [];
  const used = new Set<string>();
  const verdict = (form: URLSearchParams) => {
    const secret = form.get("secret");
    const token = form.get("response");
    if (!secret) return { success: false, "error-codes": ["missing-input-secret"] };
    if (secret !== TURNSTILE_SECRET) return { success: false, "error-codes": ["invalid-input-secret"] };
    if (!token) return { success: false, "error-codes": ["missing-input-response"] };
    if (!token.startsWith(PASS)) return { success: false, "error-codes": ["invalid-input-response"] };
    if (used.has(token)) return { success: false, "error-codes": ["timeout-or-duplicate"] };
    used.add(token);
    return {
      success: true,
      challenge_ts: new Date().toISOString(),
      hostname: "localhost",
      "error-codes": [],
    };
  };
  const server: Server = createServer(async (req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && req.url === "/__log") return answer(200, log);
    if (req.method !== "POST" || req.url !== SITEVERIFY_PATH) return answer(404, { error: "not found" });
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const contentType = req.headers["content-type"] ?? "";
    const form = new URLSearchParams(raw);
    log.push({
      secret: form.get("secret"),
      response: form.get("response"),
      remoteip: form.get("remoteip"),
      contentType,
    });
    // Siteverify also takes JSON; the worker sends a form, and only that is understood here.
    if (!contentType.startsWith("application/x-www-form-urlencoded"))
      return answer(200, { success: false, "error-codes": ["bad-request"] });
    answer(200, verdict(form));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // workerd may keep a connection alive
        server.close(() => resolve());
      }),
  };
}
