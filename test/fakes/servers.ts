// Local stand-ins for the third-party services the worker calls, speaking their real protocols:
// Cloudflare Turnstile's siteverify and Akismet's REST API (and, from oauth-provider.ts, the
// sign-in providers). They run on 127.0.0.1 for the worker
// test project; the worker reaches them through the same code path production uses, with the
// base URLs as bindings. `GET /__log` returns what each received.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import {
  AKISMET_KEY,
  MAIL_KEY,
  TURNSTILE_SECRET,
  TURNSTILE_SLOW_TOKEN,
  TURNSTILE_TOKENS,
} from "./fixtures.ts";
import { startOAuthProvider } from "./oauth-provider.ts";

function start(
  handler: (req: IncomingMessage, form: URLSearchParams) => Promise<[number, Record<string, string>, string]>,
) {
  const log: Record<string, string>[] = [];
  const server = createServer(async (req, res) => {
    if (req.url === "/__log") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(log));
      return;
    }
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const form = new URLSearchParams(raw);
    const seen = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => k.startsWith("x-confab")),
    ) as Record<string, string>;
    const isJson = req.headers["content-type"]?.startsWith("application/json");
    log.push({ path: req.url ?? "", ...(isJson ? { raw } : Object.fromEntries(form)), ...seen });
    const [status, headers, text] = await handler(req, form);
    res.writeHead(status, headers);
    res.end(text);
  });
  return new Promise<Server>((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export default async function setup(project: TestProject) {
  const used = new Set<string>();
  const turnstile = await start(async (req, form) => {
    if (req.url !== "/turnstile/v0/siteverify" || req.method !== "POST") return [404, {}, "not found"];
    const token = form.get("response") ?? "";
    if (token === TURNSTILE_SLOW_TOKEN) await new Promise((r) => setTimeout(r, 5_000));
    const json = (result: object) =>
      [200, { "Content-Type": "application/json" }, JSON.stringify(result)] as [
        number,
        Record<string, string>,
        string,
      ];
    if (form.get("secret") !== TURNSTILE_SECRET)
      return json({ success: false, "error-codes": ["invalid-input-secret"] });
    const hostname = TURNSTILE_TOKENS[token];
    if (!hostname) return json({ success: false, "error-codes": ["invalid-input-response"] });
    if (used.has(token)) return json({ success: false, "error-codes": ["timeout-or-duplicate"] });
    used.add(token);
    return json({
      success: true,
      challenge_ts: new Date().toISOString(),
      hostname,
      "error-codes": [],
      action: "comment",
      cdata: "",
    });
  });
  const akismet = await start(async (req, form) => {
    const text = (s: string, headers: Record<string, string> = {}) =>
      [200, { "Content-Type": "text/plain", ...headers }, s] as [number, Record<string, string>, string];
    if (form.get("api_key") !== AKISMET_KEY) return text("invalid", { "X-akismet-debug-help": "bad key" });
    if (req.url === "/1.1/comment-check") {
      // Akismet's documented test values: this author is always spam, "blatant" is discarded.
      const author = form.get("comment_author") ?? "";
      if (author === "akismet-guaranteed-spam") return text("true");
      if ((form.get("comment_content") ?? "").includes("blatant spam"))
        return text("true", { "X-akismet-pro-tip": "discard" });
      return text("false");
    }
    if (req.url === "/1.1/submit-spam" || req.url === "/1.1/submit-ham")
      return text("Thanks for making the web a better place.");
    return [404, {}, "not found"];
  });
  // A Resend-style mail API: POST /emails with a bearer key and JSON { from, to, subject, text, html }.
  const mail = await start(async (req, form) => {
    void form;
    return req.url === "/emails" && req.headers.authorization === `Bearer ${MAIL_KEY}`
      ? [200, { "Content-Type": "application/json" }, JSON.stringify({ id: "email_123" })]
      : [401, { "Content-Type": "application/json" }, JSON.stringify({ message: "bad key" })];
  });
  // A webhook receiver: /hook/flaky/<key> fails the first time for each key, /hook/ok/<key> never.
  const seen = new Set<string>();
  const hooks = await start(async (req) => {
    const path = req.url ?? "";
    if (path.startsWith("/hook/flaky/") && !seen.has(path)) {
      seen.add(path);
      return [500, {}, "try again"];
    }
    return path.startsWith("/hook/") ? [204, {}, ""] : [404, {}, ""];
  });
  // GitHub, Google and an OIDC issuer: oauth-provider.ts (shared with the browser tests).
  const oauth = await startOAuthProvider();
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  project.provide("turnstileUrl", url(turnstile));
  project.provide("akismetUrl", url(akismet));
  project.provide("mailUrl", url(mail));
  project.provide("hookUrl", url(hooks));
  project.provide("oauthUrl", oauth.url);
  return async () => {
    await new Promise((r) => turnstile.close(r));
    await new Promise((r) => akismet.close(r));
    await new Promise((r) => mail.close(r));
    await new Promise((r) => hooks.close(r));
    await oauth.close();
  };
}
