// The API's own rules (shared/schemas.ts) applied to imported fields: what a reader could not
// have posted is not stored either. WXR and Disqus rows are mended (a website or e-mail that is
// not valid is dropped, a name too long is cut); Confab rows are refused with the reason.
import * as v from "valibot";
import { LIMITS } from "../../../shared/limits.ts";
import { authorSchema, httpUrlSchema, textSchema } from "../../../shared/schemas.ts";

export interface Author {
  name: string;
  email: string | null;
  website: string | null;
}

/** An http(s) URL as the API stores it, or null. */
export function httpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const r = v.safeParse(httpUrlSchema, url);
  return r.success ? r.output : null;
}

const cut = (s: string, max: number) => Array.from(s).slice(0, max).join("");

/** A WXR or Disqus author through the API's author rules, each failing field dropped. */
export function mendAuthor(raw: Author): Author {
  let input: Record<string, string | null> = {
    name: cut(raw.name.trim(), LIMITS.nameMax),
    email: raw.email?.trim() || null,
    website: raw.website?.trim() || null,
  };
  for (let i = 0; i < 4; i++) {
    const r = v.safeParse(authorSchema, input);
    if (r.success) {
      return { name: r.output.name ?? "", email: r.output.email || null, website: r.output.website || null };
    }
    const bad = new Set(r.issues.map((issue) => String(issue.path?.[0]?.key ?? "")));
    input = Object.fromEntries(
      Object.entries(input).map(([k, value]) => [k, bad.has(k) ? (k === "name" ? "" : null) : value]),
    );
  }
  return { name: "", email: null, website: null };
}

/** A Confab export's author through the API's rules: the author, or why not. */
export function checkAuthor(raw: unknown): { author: Author } | { reason: string } {
  const r = v.safeParse(authorSchema, raw);
  if (!r.success) {
    const issue = r.issues[0];
    return { reason: `author.${String(issue?.path?.[0]?.key ?? "")}: ${issue?.message ?? "invalid"}` };
  }
  return {
    author: { name: r.output.name ?? "", email: r.output.email || null, website: r.output.website || null },
  };
}

/** Text through the API's text rule, except its length: imports keep up to `max` characters. */
export function checkText(text: unknown, max: number): string | null {
  const r = v.safeParse(textSchema, text);
  if (r.success) return r.output;
  const onlyLength = r.issues.every((issue) => issue.message === "too_long");
  return onlyLength && typeof text === "string" && text.length <= max ? text.trim() : null;
}

/** A title as the API keeps one: well-formed text, cut at its limit; null when there is none. */
export function title(raw: unknown): string | null {
  if (raw === null || raw === undefined || raw === "") return null;
  const text = checkText(raw, Number.POSITIVE_INFINITY);
  return text ? cut(text, LIMITS.titleMax) : null;
}
