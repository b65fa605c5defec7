// Bad input on the passkey endpoints (bad-input.ts): every body field with values of every wrong
// type is refused with 400 validation_failed naming it, before any ceremony is touched. Each
// test gets a fresh ceremony and a real answer to it, so the valid body is accepted once.
import { env } from "cloudflare:workers";
import { beforeEach, describe } from "vitest";
import { fieldTests } from "./bad-input.ts";
import { addSite, api, BLOG, RESET_SQL, signedIn } from "./helpers.ts";
import { SoftAuthenticator } from "./soft-authenticator.ts";

let token = "";
let register: Record<string, unknown> = {};
let login: Record<string, unknown> = {};

const send = (path: string, body: unknown, bearer?: string) =>
  api(`/api/v1/auth/passkey${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: BLOG,
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify(body),
  });
const options = async (path: string, bearer?: string) =>
  (await (await send(path, { site: "blog" }, bearer)).json()) as { ceremony: string; options: any };

beforeEach(async () => {
  await env.DB.exec(RESET_SQL);
  await addSite();
  token = (await signedIn("blog")).token;
  const device = new SoftAuthenticator();
  const added = await options("/register/options", token);
  await send(
    "/register/verify",
    { site: "blog", ceremony: added.ceremony, response: await device.create(added.options, BLOG) },
    token,
  );
  const next = await options("/register/options", token);
  register = {
    site: "blog",
    ceremony: next.ceremony,
    response: await new SoftAuthenticator().create(next.options, BLOG),
  };
  const signing = await options("/login/options");
  login = { site: "blog", ceremony: signing.ceremony, response: await device.get(signing.options, BLOG) };
});

const verifyFields = [
  { path: "site", kind: "string" },
  { path: "ceremony", kind: "string" },
  { path: "response", kind: "object" },
  { path: "response.id", kind: "string" },
  { path: "response.rawId", kind: "string" },
  { path: "response.type", kind: "string" },
  { path: "response.response", kind: "object" },
] as const;

describe("POST /api/v1/auth/passkey/…", () => {
  fieldTests({
    name: "POST /auth/passkey/register/options",
    send: (body) => send("/register/options", body, token),
    valid: () => ({ site: "blog" }),
    fields: [{ path: "site", kind: "string" }],
  });
  fieldTests({
    name: "POST /auth/passkey/register/verify",
    send: (body) => send("/register/verify", body, token),
    valid: () => register,
    fields: [...verifyFields],
  });
  fieldTests({
    name: "POST /auth/passkey/login/options",
    send: (body) => send("/login/options", body),
    valid: () => ({ site: "blog" }),
    fields: [{ path: "site", kind: "string" }],
  });
  fieldTests({
    name: "POST /auth/passkey/login/verify",
    send: (body) => send("/login/verify", body),
    valid: () => login,
    fields: [...verifyFields],
  });
});
