// What follows from a status change, decided in one place for every entry point. In the batch of
// the change itself (so they can never be lost or doubled): counters, read versions (triggers)
// and the audit row. After the answer, from the transitions the batch reported (this file):
// webhooks, moderator and reply mails, reply-mail consent, and Akismet's lessons.

import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { type Site, siteWithSecrets } from "../../db/sites.ts";
import type { Keys } from "../../lib/keys.ts";
import type { MailConfig } from "../../lib/mail.ts";
import { teachAkismet } from "../../spam/learn.ts";
import { notifyModerators } from "../notify.ts";
import { replyMail } from "../reply-mail.ts";
import { queueWebhook, type WebhookEvent, type WebhookMessage } from "../webhooks.ts";
import type { Transition } from "./transitions.ts";

export interface EffectsEnv {
  db: Db;
  keys: Keys;
  /** The worker's own origin, for links in mails. */
  baseUrl: string;
  mail: MailConfig;
  queue: Queue<WebhookMessage> | undefined;
  /** ENVIRONMENT of the deployment (webhook URLs are checked again before each delivery). */
  environment: string | undefined;
  akismet: { url: string | undefined; key: string } | null;
}

/** A site as its effects need it; the write path passes the one it loaded, so none is read again. */
export interface SiteContext {
  site: Site;
  webhookSecret: string | null;
}

type Effect = (env: EffectsEnv, ctx: SiteContext, t: Transition) => Promise<unknown>;

const human = (t: Transition) => t.by.kind === "moderator";
const native = (t: Transition) => t.by.kind !== "import";
const visibleBefore = (t: Transition) => t.from === "approved";

const webhook =
  (event: WebhookEvent): Effect =>
  (env, ctx, t) =>
    queueWebhook(
      env.db,
      { queue: env.queue, secret: ctx.webhookSecret, environment: env.environment },
      ctx.site,
      event,
      webhookData(event, t),
    );

/** What each event tells the receiver: a removed comment's text and author are not sent. */
function webhookData(event: WebhookEvent, t: Transition): Record<string, unknown> {
  const c = t.comment;
  const base = {
    id: c.id,
    status: t.to === "erased" ? "deleted" : t.to,
    parentId: c.parentId,
    pageUrl: c.pageUrl,
  };
  if (event === "comment.deleted" || event === "comment.spam") return base;
  const reports = t.by.kind === "reports" ? { reports: { count: t.by.count, reasons: t.by.reasons } } : {};
  return { ...base, author: c.authorName, text: c.text, ...reports };
}

/** The rules, each a condition on a transition and the effect it has. Order is the order they run. */
const RULES: [string, (t: Transition) => boolean, Effect][] = [
  ["webhook comment.created", (t) => native(t) && t.from === null, webhook("comment.created")],
  [
    "webhook comment.approved",
    (t) => native(t) && t.to === "approved" && t.from !== null && t.from !== "approved",
    webhook("comment.approved"),
  ],
  ["webhook comment.spam", (t) => native(t) && t.to === "spam" && t.from !== "spam", webhook("comment.spam")],
  [
    "webhook comment.deleted",
    (t) => native(t) && (t.to === "deleted" || t.to === "erased") && t.from !== null && t.from !== "deleted",
    webhook("comment.deleted"),
  ],
  ["webhook comment.reported", (t) => t.by.kind === "reports", webhook("comment.reported")],
  [
    "moderator mail",
    (t) => t.by.kind === "reader" && (t.from === null || (t.to === "pending" && visibleBefore(t))),
    (env, ctx, t) => notifyModerators(env, ctx.site, t.comment, { edited: t.from !== null }),
  ],
  [
    "moderator mail (reports)",
    (t) => t.by.kind === "reports",
    (env, ctx, t) =>
      notifyModerators(env, ctx.site, t.comment, {
        edited: false,
        reported: t.by.kind === "reports" ? t.by.count : 0,
      }),
  ],
  [
    "reply mail",
    (t) => native(t) && t.to === "approved" && t.from !== "approved" && t.comment.parentId !== null,
    (env, ctx, t) => replyMail(env, ctx.site, t.comment),
  ],
  [
    "akismet submit-spam",
    (t) => human(t) && t.to === "spam" && t.from !== "spam",
    (env, ctx, t) => teachAkismet(env.akismet, "spam", ctx.site, t.comment),
  ],
  [
    "akismet submit-ham",
    (t) => human(t) && t.to === "approved" && (t.from === "pending" || t.from === "spam"),
    (env, ctx, t) => teachAkismet(env.akismet, "ham", ctx.site, t.comment),
  ],
];

/** The sites of these transitions: those given, and the others read in one round trip. */
async function sitesOf(
  db: Db,
  transitions: Transition[],
  known: SiteContext[],
): Promise<Map<string, SiteContext>> {
  const sites = new Map(known.map((k) => [k.site.id, k]));
  const missing = [...new Set(transitions.map((t) => t.comment.siteId))].filter((id) => !sites.has(id));
  if (missing.length === 0) return sites;
  const found = await batch(db, Object.fromEntries(missing.map((id) => [id, siteWithSecrets(db, id)])));
  for (const value of Object.values(found)) if (value) sites.set(value.site.id, value);
  return sites;
}

/**
 * Runs every effect of these transitions. One failing effect (a mail API down, a webhook queue
 * full) neither stops the others nor reaches the reader; each failure is logged by name.
 */
export async function fireEffects(
  env: EffectsEnv,
  transitions: Transition[],
  log: (e: unknown) => void,
  known: SiteContext[] = [],
) {
  const due = transitions.flatMap((t) => RULES.filter(([, when]) => when(t)).map((r) => [t, r] as const));
  if (due.length === 0) return;
  const sites = await sitesOf(env.db, transitions, known);
  await Promise.all(
    due.map(async ([t, [name, , effect]]) => {
      const ctx = sites.get(t.comment.siteId);
      if (!ctx) return;
      try {
        await effect(env, ctx, t);
      } catch (err) {
        log({ effect: name, comment: t.comment.id, error: String(err) });
      }
    }),
  );
}
