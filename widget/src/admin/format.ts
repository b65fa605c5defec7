// Small formatting helpers shared by the views.

/** An absolute local time: moderators compare times across rows, so no "3 hours ago". */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

const FIELD_CODES: Record<string, string> = {
  required: "Required.",
  invalid: "Not valid.",
  too_long: "Too long.",
};

/** The sentence for a field code of a validation_failed answer (shared/schemas.ts). */
export const fieldMessage = (code: string): string => FIELD_CODES[code] ?? code;

/**
 * Field errors by top-level field name: the API may name an item of a list ("origins.1"), and the
 * form has one input for the whole list.
 */
export function fieldErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, code] of Object.entries(fields)) {
    const name = path.split(/[.[]/)[0] ?? path;
    out[name] ??= fieldMessage(code);
  }
  return out;
}

/** One item per non-empty line: how the forms edit lists (origins, words, emails). */
export const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
