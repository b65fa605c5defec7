// The worker's sign-in endpoints as test/widget/fake-api.ts answers them (docs/api.md, "Verified
// readers"): an email code mailed (recorded in `api.mails`), verified into a session, GET /auth/me
// and DELETE /auth/session by bearer token, and editing a comment with the session of its author.
import type { Identity, PublicComment, ThreadResponse } from "../../shared/types.ts";
import { apiError, type Call, type FakeApi, json } from "./fake-api.ts";

const DAY = 86_400_000;
let sessionsMade = 0;

/** Signs `identity` in on the fake, as a sign-in would; answers the SignInResponse. */
export function openSession(api: FakeApi, identity: Identity) {
  const token = `session-${++sessionsMade}`;
  api.sessions.set(token, identity);
  return { token, expiresAt: new Date(Date.now() + 30 * DAY).toISOString(), identity };
}

export const reader = (over: Partial<Identity> = {}): Identity => ({
  id: "id1",
  name: "Ann Reader",
  verified: "email",
  avatar: "idav1",
  email: "ann@example.com",
  isStaff: false,
  ...over,
});

const bearer = (call: Call) => call.headers.get("Authorization")?.replace(/^Bearer /, "") ?? "";
const unauthorized = () => apiError(401, { code: "unauthorized", message: "Sign in again." });

export function answerAuth(api: FakeApi, thread: ThreadResponse, call: Call): Response {
  const { method, url, body } = call;
  const path = `${method} ${url.pathname.slice("/api/v1/auth".length)}`;
  const b = (body ?? {}) as Record<string, string>;
  if (path === "GET /me" || path === "DELETE /session") {
    const identity = api.sessions.get(bearer(call));
    if (!identity) return unauthorized();
    if (method === "DELETE") {
      api.sessions.delete(bearer(call));
      return new Response(null, { status: 204 });
    }
    return json(200, { identity, expiresAt: new Date(Date.now() + 30 * DAY).toISOString() });
  }
  if (method === "POST" && b.site !== thread.site.id) {
    return apiError(404, { code: "unknown_site", message: "Unknown site." });
  }
  if (path === "POST /email") {
    if (!/^[^@\s]+@[^@\s]+$/.test(b.email ?? "")) {
      return apiError(400, {
        code: "validation_failed",
        message: "Email is not valid.",
        fields: { email: "invalid" },
      });
    }
    const code = String(100000 + api.mails.length);
    api.mails.push({ email: b.email as string, code, url: b.url ?? "" });
    return json(202, { expiresAt: new Date(Date.now() + 600_000).toISOString() });
  }
  if (path === "POST /email/verify") {
    const mail = api.mails.findLast((m) => m.email === b.email);
    if (!mail || mail.code !== b.code) {
      return apiError(400, { code: "invalid_code", message: "This code is wrong or has expired." });
    }
    return json(200, openSession(api, reader({ email: mail.email })));
  }
  return apiError(404, { code: "not_found", message: "Not found." });
}

/** PATCH and DELETE of a comment with a reader session: only its author's (`token`), as the worker checks. */
export function ownByIdentity(comment: PublicComment, token: string) {
  const mine = (call: Call) => bearer(call) === token;
  return {
    [`PATCH /api/v1/comments/${comment.id}`]: (call: Call) =>
      mine(call)
        ? json(200, {
            comment: {
              ...comment,
              html: `<p>${(call.body as { text: string }).text}</p>`,
              editedAt: new Date().toISOString(),
            },
          })
        : unauthorized(),
    [`DELETE /api/v1/comments/${comment.id}`]: (call: Call) =>
      mine(call) ? new Response(null, { status: 204 }) : unauthorized(),
  };
}
