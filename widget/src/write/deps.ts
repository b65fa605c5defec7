// What the chunks loaded on demand (write.js, live.js) share with embed.js: the very same context objects, and the
// API's request(), whose module holds the bookmark of the last write. That is why they are handed
// over at load time (see load.ts) instead of being bundled twice; so are a few functions both
// need (the sanitiser, times, the language files), to keep write.js small.
export { commentPath, fetchThread, request } from "../api.ts";
export { ThreadContext } from "../components/context.ts";
export { loadScript, loadTable } from "../i18n/load.ts";
export { I18n } from "../i18n/t.ts";
export { sanitize } from "../sanitize.ts";
export { formatTime } from "../time.ts";
export { loadChunk } from "./load.ts";
