// The time a comment from the open web shows: the one its source gives (a Webmention's
// dt-published, Mastodon's created_at, Bluesky's createdAt bounded by indexedAt), when it is a
// real time no later than the comment's arrival here; else the arrival. A source may lie about
// the past, never about the future, and its comment is placed where it arrived either way.
import { nowIso } from "./time.ts";

/** No post on the web is older than the web. */
const EARLIEST_MS = Date.UTC(1991, 0, 1);

export function sourceTime(published: string | null | undefined, nowMs: number): string {
  const ms = published ? Date.parse(published) : Number.NaN;
  return nowIso(Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= nowMs ? ms : nowMs);
}
