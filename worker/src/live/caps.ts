// The live channel's limits (docs/api.md, "Live threads"), in one place for the route, the
// publisher and both channels: the Durable Object (thread-live.ts) and, on Node, the in-process
// broadcaster (worker/node/live.ts).
import { ApiError } from "../lib/api-error.ts";

/** Sockets one thread holds at most, and at most from one network (its /24 or /48, hashed). */
export const DEFAULT_PER_THREAD = 5000;
export const DEFAULT_PER_NETWORK = 20;

/** An event whose JSON is longer than this (UTF-8 bytes) is sent as a `refresh` hint instead. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** The headers the route hands the Durable Object: the caller's network and the caps. */
export const NETWORK_HEADER = "X-Confab-Network";
export const CAPS_HEADER = "X-Confab-Caps";

export interface Caps {
  perThread: number;
  perNetwork: number;
}

const whole = (value: unknown, fallback: number): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** The caps a deployment sets (LIVE_MAX_PER_THREAD, LIVE_MAX_PER_NETWORK), else the defaults. */
export function capsOf(env: { LIVE_MAX_PER_THREAD?: unknown; LIVE_MAX_PER_NETWORK?: unknown }): Caps {
  return {
    perThread: whole(env.LIVE_MAX_PER_THREAD, DEFAULT_PER_THREAD),
    perNetwork: whole(env.LIVE_MAX_PER_NETWORK, DEFAULT_PER_NETWORK),
  };
}

/** The Durable Object of a thread: one per (site, page key), named by both. */
export const channelName = (siteId: string, pageKey: string): string => JSON.stringify([siteId, pageKey]);

/** The caps as the route hands them over (CAPS_HEADER, "perThread,perNetwork"). */
export const capsHeader = (caps: Caps): string => `${caps.perThread},${caps.perNetwork}`;

export function capsHeaderOf(value: string | null): Caps {
  const [perThread = 0, perNetwork = 0] = (value ?? "").split(",").map(Number);
  return { perThread, perNetwork };
}

/** The cap a new socket would pass, or the error that refuses it (answered before the upgrade). */
export function refusal(sockets: number, fromNetwork: number, caps: Caps): ApiError | null {
  if (sockets >= caps.perThread)
    return new ApiError("rate_limited", "This thread has as many live readers as it takes.", {
      headers: { "Retry-After": "60" },
    });
  if (fromNetwork >= caps.perNetwork)
    return new ApiError("rate_limited", "Too many live connections from your network.", {
      headers: { "Retry-After": "60" },
    });
  return null;
}
