// A local stand-in for the sign-in providers, speaking their real protocols on 127.0.0.1: GitHub's
// OAuth web flow (`/github/login/oauth/authorize`, `/github/login/oauth/access_token`) and REST API
// (`/github-api/user`, `/github-api/user/emails`), and OIDC issuers (`/google`, `/oidc/<name>`)
// with a discovery document, an authorization endpoint, a token endpoint (client secret, redirect
// URI and PKCE verifier checked, codes single-use), a JWKS and ES256-signed ID tokens (jose).
// The authorization endpoint consents at once and sends the browser back with the code and state.
//
// Who signs in, and how the provider misbehaves, is chosen per authorization: add `fake_user`
// (JSON of the user's fields) and/or `fake_misbehave` (one of MISBEHAVIOURS) to the authorize URL,
// or POST the same as JSON `{ user, misbehave }` to `/__next` for the next authorization (browser
// tests, which cannot edit the popup's URL). Used by the worker tests (servers.ts) and the browser
// tests (test/e2e/global-setup.ts): `startOAuthProvider()` answers its base URL and a close.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { DEFAULT_USER, type FakeUser, type Misbehaviour, OAUTH_CLIENTS } from "./fixtures.ts";

export { DEFAULT_USER, type FakeUser, MISBEHAVIOURS, type Misbehaviour } from "./fixtures.ts";

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | null;
  user: Required<FakeUser>;
  misbehave: Misbehaviour | null;
  issuer: string;
}

type Client = { id: string; secret: string };

const b64url = (buf: Buffer) => buf.toString("base64url");
const random = () => b64url(randomBytes(24));

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  return new URLSearchParams(raw);
}

/** The client's credentials from the form (client_secret_post) or Basic auth (client_secret_basic). */
function credentials(req: IncomingMessage, form: URLSearchParams): { id: string; secret: string } {
  const basic = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
  if (basic) {
    const [id = "", secret = ""] = Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent);
    return { id, secret };
  }
  return { id: form.get("client_id") ?? "", secret: form.get("client_secret") ?? "" };
}

export async function startOAuthProvider(
  clients: { github: Client; google: Client; oidc: Record<string, Client> } = OAUTH_CLIENTS,
) {
  const key = await generateKeyPair("ES256");
  const stranger = await generateKeyPair("ES256");
  const jwk: JWK = { ...(await exportJWK(key.publicKey)), kid: "fake-1", alg: "ES256", use: "sig" };
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, Grant>();
  let next: { user?: FakeUser; misbehave?: Misbehaviour } = {};
  let base = "";

  /** The OIDC issuers and their clients, by path prefix. */
  const issuers = new Map<string, Client>([
    ["/google", clients.google],
    ...Object.entries(clients.oidc).map(([name, c]) => [`/oidc/${name}`, c] as [string, Client]),
  ]);

  function authorize(url: URL, res: ServerResponse, prefix: string, client: Client, oidc: boolean) {
    const q = url.searchParams;
    const redirect = q.get("redirect_uri") ?? "";
    if (q.get("client_id") !== client.id || !redirect || q.get("response_type") !== "code")
      return send(res, 400, { error: "invalid_request" });
    if (q.get("code_challenge_method") !== "S256" || !q.get("code_challenge"))
      return send(res, 400, { error: "invalid_request", error_description: "PKCE S256 required" });
    const chosen = { ...next };
    next = {};
    const misbehave = (q.get("fake_misbehave") as Misbehaviour | null) ?? chosen.misbehave ?? null;
    const user = { ...DEFAULT_USER, ...chosen.user, ...JSON.parse(q.get("fake_user") ?? "{}") };
    const back = new URL(redirect);
    back.searchParams.set("state", q.get("state") ?? "");
    if (misbehave === "error") back.searchParams.set("error", "access_denied");
    else {
      const code = random();
      grants.set(code, {
        clientId: client.id,
        redirectUri: redirect,
        challenge: q.get("code_challenge") ?? "",
        nonce: oidc ? q.get("nonce") : null,
        user,
        misbehave,
        issuer: `${base}${prefix}`,
      });
      back.searchParams.set("code", code);
    }
    res.writeHead(302, { Location: back.toString() });
    res.end();
  }

  /** The code's grant, when the client, its secret, the redirect URI and the PKCE verifier match. */
  function redeem(req: IncomingMessage, form: URLSearchParams, client: Client): Grant | null {
    const code = form.get("code") ?? "";
    const grant = grants.get(code);
    grants.delete(code);
    const who = credentials(req, form);
    const verifier = form.get("code_verifier") ?? "";
    const challenge = b64url(createHash("sha256").update(verifier).digest());
    const ok =
      grant &&
      grant.misbehave !== "bad-code" &&
      form.get("grant_type") === "authorization_code" &&
      who.id === client.id &&
      who.secret === client.secret &&
      form.get("redirect_uri") === grant.redirectUri &&
      challenge === grant.challenge;
    return ok ? grant : null;
  }

  async function idToken(grant: Grant): Promise<string> {
    const m = grant.misbehave;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      nonce: m === "wrong-nonce" ? "another-nonce" : (grant.nonce ?? undefined),
      email: grant.user.email,
      email_verified: m !== "unverified-email",
      name: grant.user.name,
      picture: "https://provider.example/avatar.png",
    })
      .setProtectedHeader({ alg: "ES256", kid: "fake-1" })
      .setIssuer(m === "wrong-issuer" ? "https://issuer.example" : grant.issuer)
      .setAudience(m === "wrong-audience" ? "another-client" : grant.clientId)
      .setSubject(grant.user.sub)
      .setIssuedAt(m === "expired" ? now - 7200 : now)
      .setExpirationTime(m === "expired" ? now - 3600 : now + 300)
      .sign(m === "bad-signature" ? stranger.privateKey : key.privateKey);
  }

  async function oidc(req: IncomingMessage, res: ServerResponse, url: URL, prefix: string, client: Client) {
    const path = url.pathname.slice(prefix.length);
    const issuer = `${base}${prefix}`;
    if (path === "/.well-known/openid-configuration")
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["ES256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      });
    if (path === "/jwks") return send(res, 200, { keys: [jwk] });
    if (path === "/authorize") return authorize(url, res, prefix, client, true);
    if (path === "/token" && req.method === "POST") {
      const grant = redeem(req, await formOf(req), client);
      if (!grant) return send(res, 400, { error: "invalid_grant" });
      return send(
        res,
        200,
        { access_token: random(), token_type: "Bearer", expires_in: 3600, id_token: await idToken(grant) },
        { "Cache-Control": "no-store" },
      );
    }
    send(res, 404, { error: "not_found" });
  }

  async function github(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname;
    if (path === "/github/login/oauth/authorize")
      return authorize(url, res, "/github", clients.github, false);
    if (path === "/github/login/oauth/access_token" && req.method === "POST") {
      const grant = redeem(req, await formOf(req), clients.github);
      // GitHub answers a bad code with 200 and an error body.
      if (!grant) return send(res, 200, { error: "bad_verification_code" });
      const token = `gho_${random()}`;
      tokens.set(token, grant);
      return send(res, 200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
    }
    const grant = tokens.get(req.headers.authorization?.replace(/^Bearer /, "") ?? "");
    if (!grant) return send(res, 401, { message: "Bad credentials" });
    const u = grant.user;
    if (path === "/github-api/user")
      return send(res, 200, {
        id: Number(u.sub),
        login: u.login,
        name: u.name,
        avatar_url: "https://provider.example/a.png",
      });
    if (path === "/github-api/user/emails")
      return send(res, 200, [
        { email: "old@example.org", primary: false, verified: true, visibility: null },
        {
          email: u.email,
          primary: true,
          verified: grant.misbehave !== "unverified-email",
          visibility: "private",
        },
      ]);
    send(res, 404, { message: "Not Found" });
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", base);
      if (url.pathname === "/__next" && req.method === "POST") {
        let raw = "";
        for await (const chunk of req) raw += chunk;
        next = JSON.parse(raw || "{}");
        res.writeHead(204);
        return res.end();
      }
      if (url.pathname.startsWith("/github")) return await github(req, res, url);
      for (const [prefix, client] of issuers)
        if (url.pathname.startsWith(`${prefix}/`)) return await oidc(req, res, url, prefix, client);
      send(res, 404, { error: "not_found" });
    } catch (err) {
      send(res, 500, { error: String(err) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
