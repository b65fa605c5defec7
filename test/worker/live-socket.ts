// A test's live socket on the real worker: the messages it heard and a wait for one.
import { expect } from "vitest";
import type { LiveMessage } from "../../shared/types.ts";
import { api, BLOG } from "./helpers.ts";

export interface Socket {
  ws: WebSocket;
  messages: LiveMessage[];
  /** Resolves with the first message that matches, failing after `ms`. */
  next(match: (m: LiveMessage) => boolean, ms?: number): Promise<LiveMessage>;
}

export function listen(res: Response): Socket {
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  ws.accept();
  const messages: LiveMessage[] = [];
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(e.data as string) as LiveMessage);
  });
  const next = async (match: (m: LiveMessage) => boolean, ms = 3000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const found = messages.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no such message in ${JSON.stringify(messages)}`);
  };
  return { ws, messages, next };
}

export const upgrade = (headers: Record<string, string>, query: string) =>
  api(`/api/v1/live?${query}`, { headers: { Upgrade: "websocket", Origin: BLOG, ...headers } });

export const connect = async (query: string) => listen(await upgrade({}, query));
