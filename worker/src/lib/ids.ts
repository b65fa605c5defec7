// Comment and thread ids: a fixed-width base-36 millisecond time followed by random digits, so
// ordering by id is ordering by creation time (the depth-first `path` relies on it) and ids stay
// short, opaque and unguessable.

const RANDOM_DIGITS = 7;

export function timeId(ms: number = Date.now()): string {
  const time = Math.max(0, Math.floor(ms)).toString(36).padStart(9, "0");
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_DIGITS));
  let rand = "";
  for (const b of bytes) rand += (b % 36).toString(36);
  return time + rand;
}

/** The smallest id of a moment: every id made at or after `ms` sorts after it (a range bound). */
export function idAt(ms: number): string {
  return Math.max(0, Math.floor(ms)).toString(36).padStart(9, "0");
}
