// Threads shaped like the worker's GET /api/v1/threads answer, from the demo discussion
// (test/fixtures/seed-page.txt): roots in order, each followed by its replies depth-first.
import type { PublicComment, PublicSite, ThreadResponse } from "../../shared/types.ts";

export const site: PublicSite = {
  id: "demo",
  name: "Demo Blog",
  moderation: "none",
  requireName: false,
  requireEmail: false,
  editWindowSeconds: 900,
  maxLength: 10000,
  turnstileSiteKey: null,
  notifyReplies: false,
  posting: "anyone",
  signIn: [
    { method: "email", label: "Email" },
    { method: "passkey", label: "Passkey" },
  ],
  reactions: ["👍", "❤️", "😄", "🎉", "😮", "🤔"],
};

export const PAGE = "https://blog.example.com/2011/04/01/late-night/";

let minute = 0;
export function comment(
  id: string,
  parentId: string | null,
  name: string,
  html: string,
  extra: Partial<PublicComment> = {},
): PublicComment {
  minute++;
  return {
    id,
    parentId,
    author: { name, website: null, avatar: `seed-${name}`, isModerator: false, verified: null },
    html,
    createdAt: `2011-04-01T06:${String(minute % 60).padStart(2, "0")}:00.000Z`,
    editedAt: null,
    likes: 0,
    reactions: {},
    status: "approved",
    replyCount: 0,
    ...extra,
  };
}

export function threadOf(
  comments: PublicComment[],
  overrides: Partial<ThreadResponse["thread"]> = {},
): ThreadResponse {
  return {
    site,
    thread: {
      id: "t1",
      key: "/2011/04/01/late-night",
      url: PAGE,
      title: "Late Night Libya Update",
      locked: false,
      commentCount: comments.filter((c) => c.status === "approved").length,
      reactions: {},
      ...overrides,
    },
    comments,
    nextCursor: null,
  };
}

/** Three levels: c2 → c3 → c4, plus a second root with two replies and a third root. */
export function nestedThread(): ThreadResponse {
  return threadOf([
    comment("c1", null, "WomanVoter", "<p>(((Clapping))) That is a perfect photo of Saif Gaddafi.</p>"),
    comment("c2", null, "bostonboomer", "<p>Ex-Qaddafi Spy Chief Koussa May Spill Libyan Terror Secrets</p>"),
    comment("c3", "c2", "WomanVoter", "<p>I think once the ‘Dirty Laundry’ is aired out…</p>"),
    comment("c4", "c3", "bostonboomer", "<p>Agreed, we will be very surprised.</p>"),
    comment("c5", null, "mjames", "<p>Obama has proven himself to be a liar many times over.</p>"),
    comment("c6", "c5", "boogieman7167", "<p>i think you can kiss any cease fire good bye</p>"),
    comment("c7", "c5", "bostonboomer", "<p>Obama didn’t want to do this.</p>"),
    comment("c8", null, "Minkoff Minx", "<p>Fukushima Daiichi Plant Reactor Core Damaged</p>"),
  ]);
}
