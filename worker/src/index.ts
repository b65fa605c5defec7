// The entry point of wrangler.toml: the worker's handlers, and the Durable Object class of live
// threads, which imports the Workers runtime (`cloudflare:workers`) and so stays out of
// worker/src/handlers.ts, the module plain Node runs (worker/node/server.ts).
export { default } from "./handlers.ts";
export { ThreadLive } from "./live/thread-live.ts";
