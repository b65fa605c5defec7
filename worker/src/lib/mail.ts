// Sending mail. Providers: `log` (development: the mail is only written to the outbox, which the
// dashboard shows) and `http` (a Resend-style JSON API: POST {base}/emails with a bearer key).
// Every mail, sent or not, is recorded in the outbox.
import type { Db } from "../db/database.ts";
import { insertMail } from "../db/notifications.ts";
import { timeId } from "./ids.ts";
import { nowIso } from "./time.ts";

export interface MailConfig {
  provider: "log" | "http";
  url: string | undefined;
  key: string | undefined;
  from: string;
}

export interface Mail {
  siteId: string;
  /** The comment the mail is about, if any: erasing the comment redacts the mail too. */
  commentId?: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * What the outbox keeps of a mail carrying a secret (a sign-in code), when a real provider
   * delivered it: moderators read the outbox, and must not read the secret. The `log` provider
   * keeps the mail whole, since the outbox is its only delivery.
   */
  kept?: { text: string; html: string };
}

export function mailConfig(env: {
  MAIL_PROVIDER?: string;
  MAIL_API_URL?: string;
  MAIL_API_KEY?: string;
  MAIL_FROM?: string;
}) {
  return {
    provider: env.MAIL_PROVIDER === "http" ? "http" : "log",
    url: env.MAIL_API_URL,
    key: env.MAIL_API_KEY,
    from: env.MAIL_FROM ?? "Confab <comments@localhost>",
  } satisfies MailConfig;
}

export async function sendMail(db: Db, cfg: MailConfig, mail: Mail): Promise<void> {
  let status: "logged" | "sent" | "failed" = "logged";
  let error: string | null = null;
  if (cfg.provider === "http") {
    try {
      const res = await fetch(`${cfg.url ?? "https://api.resend.com"}/emails`, {
        method: "POST",
        headers: { Authorization: `Bearer ${cfg.key ?? ""}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          from: cfg.from,
          to: [mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        }),
        signal: AbortSignal.timeout(5_000),
      });
      status = res.ok ? "sent" : "failed";
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      status = "failed";
      error = (err as Error).name;
    }
  }
  const { kept, ...whole } = mail;
  await insertMail(db, {
    id: timeId(),
    ...whole,
    ...(cfg.provider === "http" && kept ? kept : {}),
    commentId: mail.commentId ?? null,
    provider: cfg.provider,
    status,
    error,
    createdAt: nowIso(),
  });
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Everything a commenter wrote goes into mail HTML escaped: mails are never a relay for markup. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
