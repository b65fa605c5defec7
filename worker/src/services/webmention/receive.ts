// The receiving half of a Webmention (W3C Recommendation, 3.2.1): the request is checked (two
// http(s) URLs, not the same, the target a page of a registered site), filed as queued, and its
// verification handed to the WEBMENTIONS queue; the sender gets 202 and a status URL at once.
import { pageKeyFromUrl } from "../../../../shared/page-key.ts";
import type { WebmentionStatus } from "../../../../shared/types.ts";
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { reserveSlot } from "../../db/rate-slots.ts";
import { sitesAdmitting } from "../../db/sites.ts";
import { fileMention, mentionById, toWebmentionStatus } from "../../db/webmentions.ts";
import { ApiError } from "../../lib/api-error.ts";
import { timeId } from "../../lib/ids.ts";
import { canonicalOrigin, originCandidates } from "../../lib/origins.ts";
import { nowIso } from "../../lib/time.ts";
import { checkRate } from "../../spam/pipeline.ts";

/** A queued verification: the mention's row, and what the after-work needs of the request. */
export interface MentionMessage {
  id: string;
  /** The worker's URL as the sender reached it (its origin names the cached reads and mail links). */
  url: string;
  requestId: string;
}

export const WEBMENTION_QUEUE = "confab-webmentions";

const URL_MAX = 2_048;

const refuse = (field: "source" | "target", code: string, message: string) =>
  new ApiError("validation_failed", message, { fields: { [field]: code } });

/** An http(s) URL as the URL parser writes it (fragment dropped), or a 400 naming the field. */
function httpUrl(value: string | null, field: "source" | "target"): string {
  const label = field === "source" ? "Source" : "Target";
  if (!value) throw refuse(field, "required", `${label} is required.`);
  if (value.length > URL_MAX) throw refuse(field, "too_long", `${label} is too long.`);
  try {
    const u = new URL(value);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new TypeError("not http(s)");
    u.hash = "";
    return u.href;
  } catch {
    throw refuse(field, "invalid", `${label} is not an http(s) URL.`);
  }
}

/** Checks and files a mention; `site` is the endpoint's optional `?site=` (several sites on one origin). */
export async function receiveMention(
  db: Db,
  form: { source: string | null; target: string | null; site: string | null },
  network: string | null,
): Promise<{ id: string; siteId: string }> {
  const source = httpUrl(form.source, "source");
  const target = httpUrl(form.target, "target");
  if (source === target) throw refuse("source", "invalid", "The source and the target are the same URL.");
  const origin = canonicalOrigin(target) as string;
  const { sites } = await batch(db, { sites: sitesAdmitting(db, originCandidates(origin)) });
  const candidates = form.site ? sites.filter((s) => s === form.site) : sites;
  if (candidates.length !== 1)
    throw refuse(
      "target",
      "unknown",
      candidates.length === 0
        ? "The target is not a page of a site registered here."
        : "Several sites here have this origin: add ?site=<id> to the endpoint URL.",
    );
  const siteId = candidates[0] as string;
  const nowMs = Date.now();
  const now = nowIso(nowMs);
  const key = `webmention:${siteId}:${network ?? "unknown"}`;
  const { slot } = await batch(db, { slot: reserveSlot(db, { key, limits: { siteId }, nowMs }) });
  checkRate(slot, "Too many Webmentions from your network. Please wait a little and try again.");
  const { id } = await batch(db, {
    id: fileMention(db, { id: timeId(nowMs), siteId, pageKey: pageKeyFromUrl(target), source, target, now }),
  });
  return { id, siteId };
}

/** The public status of a mention, or 404. */
export async function mentionStatus(db: Db, id: string): Promise<WebmentionStatus> {
  const { row } = await batch(db, { row: mentionById(db, id) });
  if (!row) throw new ApiError("not_found", "No such Webmention.");
  return toWebmentionStatus(row);
}
