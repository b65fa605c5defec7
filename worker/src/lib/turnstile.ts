// Cloudflare Turnstile, verified on the server before a comment is written: the token must be
// accepted by siteverify (which makes it single use), solved on one of the site's hostnames, and
// answered in time; a timeout or network error counts as a failure.

export const TURNSTILE_VERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
const TIMEOUT_MS = 3_000;

interface SiteverifyAnswer {
  success: boolean;
  hostname?: string;
  "error-codes"?: string[];
}

export async function verifyTurnstile(q: {
  url: string | undefined;
  secret: string;
  token: string;
  ip: string | undefined;
  hostnames: string[];
}): Promise<{ ok: true } | { ok: false; reason: string }> {
  const form = new URLSearchParams({ secret: q.secret, response: q.token });
  if (q.ip) form.set("remoteip", q.ip);
  let answer: SiteverifyAnswer;
  try {
    const res = await fetch(q.url ?? TURNSTILE_VERIFY_URL, {
      method: "POST",
      body: form,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    answer = (await res.json()) as SiteverifyAnswer;
  } catch (err) {
    return {
      ok: false,
      reason: `turnstile: ${(err as Error).name === "TimeoutError" ? "timeout" : "unreachable"}`,
    };
  }
  if (!answer.success)
    return { ok: false, reason: `turnstile: ${(answer["error-codes"] ?? []).join(",") || "failed"}` };
  if (!answer.hostname || !q.hostnames.includes(answer.hostname)) {
    return { ok: false, reason: `turnstile: solved on another hostname (${answer.hostname ?? "none"})` };
  }
  return { ok: true };
}
