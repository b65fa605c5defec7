// The site form edits a draft of strings (what inputs hold) and turns it into the API's Site body:
// lists are one item per line, numbers are whole numbers, secrets are write-only.
import { isEmoji, MAX_REACTIONS } from "../../../shared/reactions.ts";
import type { ModerationMode, PostingRule, SignInMethod } from "../../../shared/types.ts";
import type { AdminSite, SiteInput, SitePatch } from "./api.ts";
import { lines } from "./format.ts";

export const NUMBERS = [
  ["editWindowSeconds", "Edit window (seconds)"],
  ["maxLength", "Longest comment (characters)"],
  ["maxLinks", "Most links per comment (0 = no limit)"],
  ["minSubmitMs", "Fastest human submit (ms; 0 = off)"],
  ["rateLimitPerMinute", "Comments per network per minute (0 = off)"],
  ["rateLimitPerHour", "Comments per network per hour (0 = off)"],
  ["retentionDays", "Keep network hashes for (days)"],
  ["reportThreshold", "Readers' reports that hold a comment (1–100)"],
] as const;
type NumberField = (typeof NUMBERS)[number][0];

export interface Draft extends Record<NumberField, string> {
  id: string;
  name: string;
  origins: string;
  moderation: ModerationMode;
  requireName: boolean;
  requireEmail: boolean;
  blockedWords: string;
  blockedWordsAction: AdminSite["blockedWordsAction"];
  /** Host names, one per line. */
  blockedSources: string;
  turnstileSiteKey: string;
  turnstileSecret: string;
  notifyEmails: string;
  webhookUrl: string;
  webhookSecret: string;
  posting: PostingRule;
  reservedNames: string;
  /** The built-in sign-in methods chosen, in the site's order. */
  signIn: BuiltInMethod[];
  /** OIDC issuers offered, by their OIDC_PROVIDERS name, one per line. */
  oidc: string;
  /** The reaction emoji, separated by spaces, in the order readers see them. */
  reactions: string;
}

/** The emoji typed in the reactions field: separated by white space (or commas). */
export const emojiOf = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

/** The sign-in methods every deployment knows; OIDC issuers are named by the operator. */
export const BUILT_IN_METHODS = ["email", "passkey", "github", "google"] as const;
export type BuiltInMethod = (typeof BUILT_IN_METHODS)[number];
const OIDC_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
const isBuiltIn = (m: SignInMethod): m is BuiltInMethod =>
  (BUILT_IN_METHODS as readonly string[]).includes(m);

/** A new site leaves the numbers empty: the worker's defaults apply. */
export function draftOf(site: AdminSite | null): Draft {
  const num = (k: NumberField) => (site ? String(site[k]) : "");
  return {
    id: site?.id ?? "",
    name: site?.name ?? "",
    origins: site?.origins.join("\n") ?? "",
    moderation: site?.moderation ?? "none",
    requireName: site?.requireName ?? false,
    requireEmail: site?.requireEmail ?? false,
    ...(Object.fromEntries(NUMBERS.map(([k]) => [k, num(k)])) as Record<NumberField, string>),
    blockedWords: site?.blockedWords.join("\n") ?? "",
    blockedWordsAction: site?.blockedWordsAction ?? "hold",
    blockedSources: site?.blockedSources.join("\n") ?? "",
    turnstileSiteKey: site?.turnstileSiteKey ?? "",
    // Secrets are never read back: empty means "keep the current one".
    turnstileSecret: "",
    // The list as the owner asked for it: confirmed addresses, then those awaiting confirmation.
    notifyEmails: site ? [...site.notifyEmails, ...site.notifyEmailsPending].join("\n") : "",
    webhookUrl: site?.webhookUrl ?? "",
    webhookSecret: "",
    posting: site?.posting ?? "anyone",
    reservedNames: site?.reservedNames.join("\n") ?? "",
    // A new site starts with the worker's default: email codes and passkeys.
    signIn: site ? site.signIn.filter(isBuiltIn) : ["email", "passkey"],
    oidc: site?.signIn.flatMap((m) => (m.startsWith("oidc:") ? [m.slice(5)] : [])).join("\n") ?? "",
    // A new site leaves it empty: the worker's default six.
    reactions: site?.reactions.join(" ") ?? "",
  };
}

/** Client-side checks that need no server: field name → message. */
export function checkDraft(d: Draft, isNew: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (isNew && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(d.id)) {
    errors.id = "Lowercase letters, digits and dashes, starting with a letter or digit.";
  }
  if (!d.name.trim()) errors.name = "Required.";
  if (lines(d.origins).length === 0)
    errors.origins = "At least one origin, such as https://blog.example.com.";
  for (const [k] of NUMBERS) {
    if (d[k].trim() && !/^\d+$/.test(d[k].trim())) errors[k] = "A whole number, 0 or more.";
  }
  const threshold = d.reportThreshold.trim();
  if (threshold && !errors.reportThreshold && (Number(threshold) < 1 || Number(threshold) > 100))
    errors.reportThreshold = "A whole number from 1 to 100.";
  const emoji = emojiOf(d.reactions);
  const notEmoji = emoji.find((e) => !isEmoji(e));
  if (notEmoji !== undefined) errors.reactions = `“${notEmoji}” is not one emoji: separate them with spaces.`;
  else if (new Set(emoji).size !== emoji.length) errors.reactions = "Each emoji once.";
  else if (emoji.length > MAX_REACTIONS) errors.reactions = `At most ${MAX_REACTIONS} emoji.`;
  const badOidc = lines(d.oidc).find((name) => !OIDC_NAME.test(name));
  if (badOidc !== undefined)
    errors.oidc = `“${badOidc}” is not a provider name: lowercase letters, digits and dashes.`;
  return errors;
}

/** The full body of a new site; empty numbers and secrets are left to the worker's defaults. */
export function createBody(d: Draft): SiteInput {
  const body: SiteInput = { id: d.id.trim(), name: d.name.trim(), origins: lines(d.origins), ...common(d) };
  // Empty on a new site: the worker's default emoji (on an existing one, empty turns them off).
  if (!body.reactions?.length) delete body.reactions;
  for (const [k] of NUMBERS) if (d[k].trim()) body[k] = Number(d[k]);
  return body;
}

/** Only what changed, so the audit log says what the moderator actually did. */
export function patchBody(d: Draft, site: AdminSite): SitePatch {
  const next = { name: d.name.trim(), origins: lines(d.origins), ...common(d) } as Record<string, unknown>;
  for (const [k] of NUMBERS) if (d[k].trim()) next[k] = Number(d[k]);
  const saved: Record<string, unknown> = {
    ...site,
    notifyEmails: [...site.notifyEmails, ...site.notifyEmailsPending],
  };
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (k.endsWith("Secret") || JSON.stringify(v) !== JSON.stringify(saved[k])) patch[k] = v;
  }
  return patch as SitePatch;
}

function common(d: Draft) {
  return {
    moderation: d.moderation,
    requireName: d.requireName,
    requireEmail: d.requireEmail,
    blockedWords: lines(d.blockedWords),
    blockedWordsAction: d.blockedWordsAction,
    blockedSources: lines(d.blockedSources),
    turnstileSiteKey: d.turnstileSiteKey.trim() || null,
    notifyEmails: lines(d.notifyEmails),
    webhookUrl: d.webhookUrl.trim() || null,
    posting: d.posting,
    reservedNames: lines(d.reservedNames),
    signIn: [...d.signIn, ...lines(d.oidc).map((name): SignInMethod => `oidc:${name}`)],
    reactions: emojiOf(d.reactions),
    // Sent only when typed: a write-only secret cannot be shown, so empty keeps the stored one.
    ...(d.turnstileSecret ? { turnstileSecret: d.turnstileSecret } : {}),
    ...(d.webhookSecret ? { webhookSecret: d.webhookSecret } : {}),
  };
}
