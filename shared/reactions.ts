// The emoji a site's readers may react with (docs/api.md "Reactions"). Here, not in the schemas,
// so the worker's default, the admin check and the widget all read one list.

/** Six that cover agreement, warmth, humour, celebration, surprise and doubt, in that order. */
export const DEFAULT_REACTIONS = ["👍", "❤️", "😄", "🎉", "😮", "🤔"] as const;

/** At most this many per site: a bar of more is a palette, not a reaction. */
export const MAX_REACTIONS = 8;

// One fully-qualified emoji, as Unicode recommends for general interchange (RGI): a single
// grapheme, modifiers and ZWJ sequences included; "❤" without its emoji selector is text.
// biome-ignore lint/complexity/useRegexLiterals: the `v` flag is newer than the compile target.
const ONE_EMOJI = new RegExp("^\\p{RGI_Emoji}$", "v");

export const isEmoji = (s: string): boolean => ONE_EMOJI.test(s);
