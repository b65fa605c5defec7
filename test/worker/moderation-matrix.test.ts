// Every entry point that changes a comment's status, times the transitions it can make, checked
// for every effect: the webhook deliveries recorded, the mails in the outbox (moderator, reply,
// consent), what Akismet was taught, and the counters readers see. Requests go through the real
// app with its background work awaited (fetchApp), so each row sees all of its effects.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { keysOf } from "../../worker/src/lib/keys.ts";
import { type LinkAction, signedLink } from "../../worker/src/lib/signed-links.ts";
import { wxrFile } from "../fixtures/import-files.ts";
import { fetchApp } from "./app-fetch.ts";
import { ARTICLE, addSite, BLOG, OPERATOR, RESET_SQL, signedIn } from "./helpers.ts";

type Mode = "none" | "links" | "all";
interface Posted {
  id: string;
  token: string;
  text: string;
}

const MOD = "mod@example.com";
const PARENT = "parent@example.com";
const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { "Content-Type": "application/json", Origin: BLOG, ...headers },
  body: JSON.stringify(body),
});
const asOperator = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: {
    Authorization: `Bearer ${OPERATOR}`,
    ...(body === undefined ? {} : { "Content-Type": "application/json" }),
  },
  ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
});

async function ok(res: Response): Promise<any> {
  if (res.status >= 300) throw new Error(`${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

let seq = 0;
async function post(
  text: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Posted> {
  const body = { site: "blog", url: ARTICLE, text: `${text} #${++seq}`, ...extra };
  const answer = await ok(await fetchApp("/api/v1/comments", json("POST", body, headers)));
  return { id: answer.comment.id, token: answer.editToken, text: body.text };
}

const admin = (path: string, method: string, body?: unknown) =>
  fetchApp(`/api/v1/admin${path}`, asOperator(method, body)).then(ok);

async function linkPath(action: LinkAction, id: string): Promise<string> {
  const updatedAt =
    (await env.DB.prepare("SELECT updated_at FROM comments WHERE id = ?1")
      .bind(id)
      .first<string>("updated_at")) ?? "";
  const url = await signedLink("https://confab.test", keysOf(env), {
    action,
    id,
    updatedAt,
    nowMs: Date.now(),
  });
  return url.replace("https://confab.test", "");
}

/** The site: a webhook, a moderator address, a parent comment whose signed-in author wants reply mails. */
async function world(mode: Mode): Promise<Posted> {
  await env.DB.exec(RESET_SQL);
  await addSite("blog", [BLOG], "none");
  await env.DB.prepare(
    "UPDATE sites SET webhook_url = ?1, notify_emails = ?2, min_submit_ms = 0 WHERE id = 'blog'",
  )
    .bind(`${inject("hookUrl")}/hook/ok/matrix`, JSON.stringify([MOD]))
    .run();
  const pat = await signedIn("blog", { name: "Pat", email: PARENT });
  const parent = await post("the parent", { notifyReplies: true }, { Authorization: `Bearer ${pat.token}` });
  await env.DB.prepare("UPDATE sites SET moderation = ?1 WHERE id = 'blog'").bind(mode).run();
  await settleBaseline();
  return parent;
}

let baseline = { deliveries: 0, outbox: 0, akismet: 0 };
const akismetLog = async () =>
  ((await (await fetch(`${inject("akismetUrl")}/__log`)).json()) as Record<string, string>[]).filter(
    (c) => c.path !== "/1.1/comment-check",
  );
async function settleBaseline() {
  baseline = {
    deliveries:
      (await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries").first<number>("n")) ?? 0,
    outbox: (await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox").first<number>("n")) ?? 0,
    akismet: (await akismetLog()).length,
  };
}

/** What happened since the baseline: events, mails by kind, Akismet lessons, the page's count. */
async function effects() {
  const events = (
    await env.DB.prepare("SELECT event FROM webhook_deliveries ORDER BY rowid").all<{ event: string }>()
  ).results
    .slice(baseline.deliveries)
    .map((r) => r.event);
  const mails = (
    await env.DB.prepare("SELECT to_addr, subject FROM outbox ORDER BY rowid").all<any>()
  ).results
    .slice(baseline.outbox)
    .map((m) =>
      m.to_addr === MOD
        ? m.subject.startsWith("Edited")
          ? "moderator: edited"
          : "moderator: new"
        : m.subject.startsWith("Confirm")
          ? `consent to ${m.to_addr}`
          : `reply to ${m.to_addr}`,
    );
  const akismet = (await akismetLog())
    .slice(baseline.akismet)
    .map((c) => (c.path ?? "").replace("/1.1/", ""));
  const count = await env.DB.prepare("SELECT comment_count AS n FROM threads WHERE page_key = ?1")
    .bind(new URL(ARTICLE).pathname.replace(/\/$/, ""))
    .first<number>("n");
  return { events: events.sort(), mails: mails.sort(), akismet: akismet.sort(), count };
}

interface Row {
  entry: string;
  mode: Mode;
  /** Comments made before the act (its effects are not counted). */
  given: (parent: Posted) => Promise<Posted[]>;
  act: (parent: Posted, given: Posted[]) => Promise<unknown>;
  events: string[];
  mails: string[];
  akismet: string[];
  /** The page's approved comments afterwards (the parent included when still there). */
  count: number;
}

const reply = (parent: Posted, text = "a reply") =>
  post(text, { parentId: parent.id, author: { name: "Ria" } });
const edit = (c: Posted, text: string) =>
  fetchApp(`/api/v1/comments/${c.id}`, json("PATCH", { text }, { Authorization: `Bearer ${c.token}` })).then(
    ok,
  );
const status = (c: Posted, s: string) => admin(`/comments/${c.id}`, "PATCH", { status: s });
const byLink = async (action: LinkAction, c: Posted) => {
  const res = await fetchApp(await linkPath(action, c.id), { method: "POST" });
  expect([res.status, await res.text()]).toEqual([200, expect.stringContaining("Done")]);
};

const ROWS: Row[] = [
  // Reader post.
  {
    entry: "reader post, published reply",
    mode: "none",
    given: async () => [],
    act: (p) => reply(p),
    events: ["comment.created"],
    mails: ["moderator: new", `reply to ${PARENT}`],
    akismet: [],
    count: 2,
  },
  {
    entry: "reader post, held reply",
    mode: "all",
    given: async () => [],
    act: (p) => reply(p),
    events: ["comment.created"],
    mails: ["moderator: new"],
    akismet: [],
    count: 1,
  },
  {
    entry: "reader post asking for reply mails, anonymous (none are sent to a typed address)",
    mode: "none",
    given: async () => [],
    act: () => post("notify me", { author: { email: "new@example.com" }, notifyReplies: true }),
    events: ["comment.created"],
    mails: ["moderator: new"],
    akismet: [],
    count: 2,
  },
  // Reader edit.
  {
    entry: "reader edit, approved → pending (links)",
    mode: "links",
    given: async () => [await post("hello")],
    act: (_, [c]) => edit(c as Posted, "now with https://a.example"),
    events: [],
    mails: ["moderator: edited"],
    akismet: [],
    count: 1,
  },
  {
    entry: "reader edit, stays approved",
    mode: "links",
    given: async () => [await post("hello")],
    act: (_, [c]) => edit(c as Posted, "still no links"),
    events: [],
    mails: [],
    akismet: [],
    count: 2,
  },
  // Author delete.
  {
    entry: "author delete, approved → erased",
    mode: "none",
    given: async (p) => [await reply(p)],
    act: (_, [c]) =>
      fetchApp(`/api/v1/comments/${c?.id}`, {
        method: "DELETE",
        headers: { Origin: BLOG, Authorization: `Bearer ${c?.token}` },
      }).then(ok),
    events: ["comment.deleted"],
    mails: [],
    akismet: [],
    count: 1,
  },
  // Admin PATCH.
  {
    entry: "admin PATCH, pending → approved (a held reply)",
    mode: "all",
    given: async (p) => [await reply(p)],
    act: (_, [c]) => status(c as Posted, "approved"),
    events: ["comment.approved"],
    mails: [`reply to ${PARENT}`],
    akismet: ["submit-ham"],
    count: 2,
  },
  {
    entry: "admin PATCH, approved → spam",
    mode: "none",
    given: async (p) => [await reply(p)],
    act: (_, [c]) => status(c as Posted, "spam"),
    events: ["comment.spam"],
    mails: [],
    akismet: ["submit-spam"],
    count: 1,
  },
  {
    entry: "admin PATCH, approved → deleted",
    mode: "none",
    given: async (p) => [await reply(p)],
    act: (_, [c]) => status(c as Posted, "deleted"),
    events: ["comment.deleted"],
    mails: [],
    akismet: [],
    count: 1,
  },
  {
    entry: "admin PATCH, deleted → approved (no second reply mail)",
    mode: "none",
    given: async (p) => {
      const c = await reply(p);
      await status(c, "deleted");
      return [c];
    },
    act: (_, [c]) => status(c as Posted, "approved"),
    events: ["comment.approved"],
    mails: [],
    akismet: [],
    count: 2,
  },
  {
    entry: "admin PATCH, approved → approved (nothing changes)",
    mode: "none",
    given: async (p) => [await reply(p)],
    act: (_, [c]) => status(c as Posted, "approved"),
    events: [],
    mails: [],
    akismet: [],
    count: 2,
  },
  // Bulk.
  {
    entry: "bulk, pending → approved",
    mode: "all",
    given: async (p) => [await reply(p, "one"), await reply(p, "two")],
    act: (_, given) => admin("/comments/bulk", "POST", { ids: given.map((g) => g.id), status: "approved" }),
    events: ["comment.approved", "comment.approved"],
    mails: [`reply to ${PARENT}`, `reply to ${PARENT}`],
    akismet: ["submit-ham", "submit-ham"],
    count: 3,
  },
  {
    entry: "bulk, approved → spam",
    mode: "none",
    given: async (p) => [await reply(p, "one"), await reply(p, "two")],
    act: (_, given) => admin("/comments/bulk", "POST", { ids: given.map((g) => g.id), status: "spam" }),
    events: ["comment.spam", "comment.spam"],
    mails: [],
    akismet: ["submit-spam", "submit-spam"],
    count: 1,
  },
  // Mail links.
  {
    entry: "mail link, pending → approved",
    mode: "all",
    given: async (p) => [await reply(p)],
    act: (_, [c]) => byLink("approve", c as Posted),
    events: ["comment.approved"],
    mails: [`reply to ${PARENT}`],
    akismet: ["submit-ham"],
    count: 2,
  },
  {
    entry: "mail link, pending → spam",
    mode: "all",
    given: async (p) => [await reply(p)],
    act: (_, [c]) => byLink("spam", c as Posted),
    events: ["comment.spam"],
    mails: [],
    akismet: ["submit-spam"],
    count: 1,
  },
  {
    entry: "mail link, approved → deleted",
    mode: "none",
    given: async (p) => [await reply(p)],
    act: (_, [c]) => byLink("delete", c as Posted),
    events: ["comment.deleted"],
    mails: [],
    akismet: [],
    count: 1,
  },
  // Erase.
  {
    entry: "admin erase, approved → erased",
    mode: "none",
    given: async (p) => [await reply(p)],
    act: (_, [c]) => admin(`/comments/${c?.id}`, "DELETE"),
    events: ["comment.deleted"],
    mails: [],
    akismet: [],
    count: 1,
  },
  {
    entry: "admin erase of a soft-deleted comment (no second event)",
    mode: "none",
    given: async (p) => {
      const c = await reply(p);
      await status(c, "deleted");
      return [c];
    },
    act: (_, [c]) => admin(`/comments/${c?.id}`, "DELETE"),
    events: [],
    mails: [],
    akismet: [],
    count: 1,
  },
  // Import: history, not news. Counters change; nobody is notified.
  {
    entry: "import of approved, held and spam comments",
    mode: "none",
    given: async () => [],
    act: () =>
      fetchApp(
        "/api/v1/admin/import?site=blog&format=wxr",
        asOperator("POST", wxrFile({ posts: 1, comments: 6 }).text),
      ).then(ok),
    events: [],
    mails: [],
    akismet: [],
    count: 1,
  },
];

describe("every entry point × transition has every effect, and only those", () => {
  beforeEach(() => {
    seq = 0;
  });
  it.each(ROWS.map((r) => [r.entry, r] as const))("%s", async (_, row) => {
    const parent = await world(row.mode);
    const given = await row.given(parent);
    await settleBaseline();
    await row.act(parent, given);
    const got = await effects();
    expect({ events: got.events, mails: got.mails, akismet: got.akismet }).toEqual({
      events: [...row.events].sort(),
      mails: [...row.mails].sort(),
      akismet: [...row.akismet].sort(),
    });
    expect(got.count).toBe(row.count);
  });
});
