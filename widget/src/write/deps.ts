// What the chunks loaded on demand (write.js, live.js) share with embed.js: the very same context objects, and the
// API's request(), whose module holds the bookmark of the last write. That is why they are handed
// over at load time (see load.ts) instead of being bundled twice.
export { commentPath, fetchThread, request } from "../api.ts";
export { ThreadContext } from "../components/context.ts";
export { errorText } from "../i18n/errors.ts";
export { loadScript } from "../i18n/load.ts";
export { I18n } from "../i18n/t.ts";
export { loadChunk } from "./load.ts";
