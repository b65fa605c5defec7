// A stand-in for a site's own server in SSO (docs/identity.md, "Site SSO"): it signs its user's
// payload with the very Node example the docs give a site owner (the first `js` block of that
// section, imported as a module, so `node:crypto` does the signing). Worker tests ask it for a
// payload with POST /sso `{ secret, user }` and hand the answer to POST /api/v1/auth/sso, so the
// documented example is proven to produce what the worker accepts.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

/** The docs' example: the first js block under "## Site SSO" in docs/identity.md. */
export function docExample(): string {
  const doc = readFileSync(new URL("../../docs/identity.md", import.meta.url), "utf8");
  const section = doc.split("\n## Site SSO\n")[1]?.split("\n## ")[0] ?? "";
  const code = section.match(/```js\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error('docs/identity.md has no js example under "## Site SSO"');
  return code;
}

type Signer = (user: Record<string, unknown>, secret: string) => string;

/** The docs' `confabSso(user, secret)`, imported as a module (Node's own crypto signs). */
export async function docSigner(): Promise<Signer> {
  const module = (await import(`data:text/javascript,${encodeURIComponent(docExample())}`)) as {
    confabSso?: Signer;
  };
  if (typeof module.confabSso !== "function") throw new Error("the SSO example exports no confabSso");
  return module.confabSso;
}

export default async function setup(project: TestProject) {
  const sign = await docSigner();
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.url !== "/sso" || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    const { secret, user } = JSON.parse(raw) as { secret: string; user: Record<string, unknown> };
    res.writeHead(200, { "Content-Type": "text/plain" }).end(sign(user, secret));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("siteServerUrl", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((resolve) => (server as Server).close(() => resolve()));
}
