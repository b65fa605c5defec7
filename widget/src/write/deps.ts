// What the writing chunk (write.js) shares with embed.js: the very same context objects, which is
// why they are handed over at load time (see load.ts) instead of being bundled twice.
export { ThreadContext } from "../components/context.ts";
export { I18n } from "../i18n/t.ts";
