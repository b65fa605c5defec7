// The named checks, in the order they run. Each is one small rule over SpamInput.
import { type Check, pass } from "./verdict.ts";

const spam = (reason: string, message: string) =>
  ({ kind: "reject", reason, code: "forbidden", message }) as const;

/** The invisible field a person never fills. */
export const honeypot: Check = ({ trap }) =>
  trap ? spam("honeypot: the hidden field was filled", "This comment was refused as spam.") : pass;

/** A network or email a moderator banned. */
export const banned: Check = ({ banned }) =>
  banned ? spam("banned author or network", "You cannot comment on this site.") : pass;

/** Posts per network per minute and per hour (0 turns a limit off). */
export const rateLimit: Check = ({ site, rate }) => {
  const overMinute = site.rateLimitPerMinute > 0 && rate.minute >= site.rateLimitPerMinute;
  const overHour = site.rateLimitPerHour > 0 && rate.hour >= site.rateLimitPerHour;
  if (!overMinute && !overHour) return pass;
  const seconds = Math.floor(rate.nowMs / 1000);
  const retryAfter = overHour ? 3600 - (seconds % 3600) : 60 - (seconds % 60);
  return {
    kind: "reject",
    reason: overHour ? "rate limit: per hour" : "rate limit: per minute",
    code: "rate_limited",
    message: "You are posting too fast. Please wait a little and try again.",
    retryAfter,
  };
};

/** The same text from the same author or network within a day. */
export const duplicate: Check = ({ duplicate }) =>
  duplicate
    ? spam("duplicate of a recent comment by the same author", "You already posted this comment.")
    : pass;

/** A site's word list: hold or reject, as the site chose. */
export const blockedWords: Check = ({ site, text }) => {
  const lower = text.toLowerCase();
  const word = site.blockedWords.find((w) => w && lower.includes(w.toLowerCase()));
  if (!word) return pass;
  const reason = `blocked word: ${word}`;
  return site.blockedWordsAction === "reject"
    ? spam(reason, "This comment contains words this site does not accept.")
    : { kind: "hold", reason };
};

/** Sent faster than a person can write (0 turns it off; clients that do not say are not judged). */
export const tooFast: Check = ({ site, elapsedMs }) =>
  site.minSubmitMs > 0 && typeof elapsedMs === "number" && elapsedMs < site.minSubmitMs
    ? { kind: "hold", reason: `submitted in ${Math.round(elapsedMs)} ms` }
    : pass;

/** More links than the site allows (0 turns it off). */
export const tooManyLinks: Check = ({ site, linkCount }) =>
  site.maxLinks > 0 && linkCount > site.maxLinks
    ? { kind: "hold", reason: `${linkCount} links (site allows ${site.maxLinks})` }
    : pass;

export const CHECKS: readonly [string, Check][] = [
  ["honeypot", honeypot],
  ["banned", banned],
  ["rateLimit", rateLimit],
  ["duplicate", duplicate],
  ["blockedWords", blockedWords],
  ["tooFast", tooFast],
  ["tooManyLinks", tooManyLinks],
];
