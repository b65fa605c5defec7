// Ceremony state (docs/identity.md): what a sign-in must remember between its two requests, kept
// server-side for 10 minutes under the hash of a random handle. The handle is the client's only
// reference (a passkey ceremony's id, an OAuth `state`); a copy of the table holds none of them.

import {
  type ChallengeKind,
  type ChallengeRow,
  insertChallenge,
  takeChallenge,
} from "../../db/auth-challenges.ts";
import { batch } from "../../db/batch.ts";
import type { Db } from "../../db/database.ts";
import { reserveSlot } from "../../db/rate-slots.ts";
import { ApiError } from "../../lib/api-error.ts";
import { randomToken, sha256Hex } from "../../lib/crypto.ts";
import { nowIso } from "../../lib/time.ts";
import { checkRate } from "../../spam/pipeline.ts";

export const CEREMONY_MINUTES = 10;
const HANDLE = /^[A-Za-z0-9_-]{20,200}$/;
/** Ceremonies a network may start (api.md): a reader signing in is far below it. */
export const CEREMONY_LIMITS = { perMinute: 30, perHour: 300 };

/**
 * Stores a ceremony's state; its value is the handle the client sends back. Starting one is a
 * write anyone may ask for, so it is rate-limited per network (429 rate_limited, nothing stored).
 */
export async function startCeremony(
  db: Db,
  c: { siteId: string; kind: ChallengeKind; identityId?: string; data: object; network: string | null },
  handle = randomToken(),
): Promise<string> {
  const now = Date.now();
  const { slot } = await batch(db, {
    slot: reserveSlot(db, { key: `auth:${c.network ?? "unknown"}`, limits: CEREMONY_LIMITS, nowMs: now }),
  });
  checkRate(slot, "Too many sign-ins from your network. Please wait a minute.");
  await batch(db, {
    stored: insertChallenge(db, {
      idHash: await sha256Hex(handle),
      siteId: c.siteId,
      kind: c.kind,
      identityId: c.identityId ?? null,
      data: c.data,
      now: nowIso(now),
      expiresAt: nowIso(now + CEREMONY_MINUTES * 60_000),
    }),
  });
  return handle;
}

/**
 * Takes a ceremony for good: its first use, successful or not, is its last. Unknown, used,
 * expired or of another kind: 400 invalid_code.
 */
export async function takeCeremony<D>(
  db: Db,
  handle: string | undefined,
  kind: ChallengeKind,
): Promise<Omit<ChallengeRow, "data"> & { data: D }> {
  const row =
    handle && HANDLE.test(handle)
      ? (
          await batch(db, {
            row: takeChallenge(db, { idHash: await sha256Hex(handle), kind, now: nowIso() }),
          })
        ).row
      : null;
  if (!row) throw invalidCeremony();
  return { ...row, data: JSON.parse(row.data) as D };
}

export const invalidCeremony = (message = "This sign-in has expired or was already used. Start again.") =>
  new ApiError("invalid_code", message);
