// The page an OAuth popup ends on (docs/identity.md): it hands the outcome to the window that
// opened it with postMessage, targeted at exactly the origin recorded when the sign-in started,
// and closes. Its one script carries a fresh nonce and the CSP allows nothing else; every value in
// it is JSON with the characters that could end a script escaped, and nothing of the request's
// query is ever written into it.
import type { OAuthPopupMessage } from "../../../../shared/auth-types.ts";
import type { SignInResponse } from "../../../../shared/types.ts";
import type { ApiError } from "../../lib/api-error.ts";
import { randomToken } from "../../lib/crypto.ts";
import { escapeHtml } from "../../lib/mail.ts";

/** JSON safe inside a <script>: no `<`, `>` or `&`, and no line separators that end a JS string. */
export const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

function page(
  status: number,
  title: string,
  text: string,
  post?: { origin: string; message: OAuthPopupMessage },
  extraHeaders: Record<string, string> = {},
) {
  const nonce = randomToken();
  const script = post
    ? `<script nonce="${nonce}">(function () {
  var target = ${scriptJson(post.origin)};
  var message = ${scriptJson(post.message)};
  if (window.opener) {
    window.opener.postMessage(message, target);
    window.close();
  }
})();</script>`
    : "";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${script}</body></html>`;
  return new Response(html, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      "Cache-Control": "no-store",
      ...extraHeaders,
    },
  });
}

export function signedInPage(origin: string, signedIn: SignInResponse): Response {
  return page(
    200,
    "Signed in",
    "You are signed in. This window closes by itself; if it does not, close it.",
    {
      origin,
      message: { type: "confab:signin", ...signedIn },
    },
  );
}

/** A refusal: shown to the reader, and posted to the opener when the sign-in's origin is known. */
export function failedPage(err: ApiError, origin: string | null): Response {
  const message: OAuthPopupMessage = { type: "confab:signin-error", code: err.code };
  const post = origin ? { origin, message } : undefined;
  return page(err.status, "Sign-in failed", err.message, post, err.headers);
}
