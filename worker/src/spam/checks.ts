// The named checks, in the order they run. Each is one small rule over SpamInput; the site's
// moderation mode is one of them, so a held comment's reasons say every rule that held it.
import { normaliseShown } from "../render/shown.ts";
import { type Check, pass } from "./verdict.ts";

const spam = (reason: string, message: string) =>
  ({ kind: "reject", reason, code: "forbidden", message }) as const;

/** The invisible field a person never fills. */
export const honeypot: Check = ({ trap }) =>
  trap ? spam("honeypot: the hidden field was filled", "This comment was refused as spam.") : pass;

/** A network or email a moderator banned. */
export const banned: Check = ({ banned }) =>
  banned ? spam("banned author or network", "You cannot comment on this site.") : pass;

/** The same text from the same author or network on the same page within a day. */
export const duplicate: Check = ({ duplicate }) =>
  duplicate
    ? {
        kind: "reject",
        reason: "duplicate of a recent comment by the same author on this page",
        code: "duplicate",
        message: "You already posted this comment on this page.",
      }
    : pass;

/** Pages a network may post the same text on in a day before the next is held ("Thanks!" twice is fine). */
export const SAME_TEXT_PAGES = 2;

export const sameTextElsewhere: Check = ({ otherThreads }) =>
  otherThreads >= SAME_TEXT_PAGES
    ? { kind: "hold", reason: `the same text on ${otherThreads} other pages today` }
    : pass;

/** A site's word list, matched against what readers will see: hold or reject, as the site chose. */
export const blockedWords: Check = ({ site, shownText }) => {
  const word = site.blockedWords.find((w) => w && shownText.includes(normaliseShown(w)));
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

/** The site's moderation mode (api.md): its reasons are stored without the "spam check" prefix. */
export const moderationMode: Check = ({ site, linkCount, approvedBefore }) => {
  switch (site.moderation) {
    case "all":
      return { kind: "hold", reason: "all comments are held" };
    case "links":
      return linkCount > 0 ? { kind: "hold", reason: "contains links" } : pass;
    case "first":
      return approvedBefore ? pass : { kind: "hold", reason: "first comment by this author" };
    default:
      return pass;
  }
};

/** The site's `posting` rule `verified-or-held`: a moderator decides on every anonymous comment. */
export const anonymousHeld: Check = ({ site, signedIn }) =>
  site.posting === "verified-or-held" && !signedIn
    ? { kind: "hold", reason: "anonymous (not signed in)" }
    : pass;

interface Rule {
  name: string;
  check: Check;
  /** What a hold's reason is stored under. */
  prefix: "moderation" | "spam check";
  /** An edit changes only the text: the checks of the sender (trap, speed, bans, repeats) do not apply. */
  onEdit: boolean;
}

export const CHECKS: readonly Rule[] = [
  { name: "moderation", check: moderationMode, prefix: "moderation", onEdit: true },
  { name: "anonymous", check: anonymousHeld, prefix: "moderation", onEdit: false },
  { name: "honeypot", check: honeypot, prefix: "spam check", onEdit: false },
  { name: "banned", check: banned, prefix: "spam check", onEdit: false },
  { name: "duplicate", check: duplicate, prefix: "spam check", onEdit: false },
  { name: "sameTextElsewhere", check: sameTextElsewhere, prefix: "spam check", onEdit: false },
  { name: "blockedWords", check: blockedWords, prefix: "spam check", onEdit: true },
  { name: "tooFast", check: tooFast, prefix: "spam check", onEdit: false },
  { name: "tooManyLinks", check: tooManyLinks, prefix: "spam check", onEdit: true },
];
