// The socket of a thread's live channel (docs/api.md, "Live threads"), and the URL it is at.
import type { LiveMessage } from "../../../shared/types.ts";
import type { ResolvedOptions } from "../options.ts";

/** Keeps the socket's path through proxies and NATs open; the server answers without waking. */
const PING_MS = 50_000;

/** The channel of the thread these options embed, named as GET /threads names it. */
export function liveUrl({ api, site, url, pageId }: ResolvedOptions): string {
  const q = new URLSearchParams(pageId ? { site, pageId } : { site, url });
  return `${api.replace(/^http/, "ws")}/api/v1/live?${q}`;
}

/**
 * Opens the socket; `heard` gets each message, `lost` is told once when it closes without being
 * asked to, and whether it had opened at all (if not, WebSockets are refused or blocked here).
 * Answers the function that closes it.
 */
export function openSocket(
  url: string,
  heard: (m: LiveMessage) => void,
  lost: (opened: boolean) => void,
): () => void {
  let ws: WebSocket;
  try {
    ws = new WebSocket(url);
  } catch {
    // A CSP that forbids it, or a bad URL: as if it had failed to connect.
    queueMicrotask(() => lost(false));
    return () => {};
  }
  let opened = false;
  let stopped = false;
  const ping = setInterval(() => ws.readyState === 1 && ws.send("ping"), PING_MS);
  ws.onopen = () => {
    opened = true;
  };
  ws.onmessage = (e) => {
    if (e.data === "pong") return;
    try {
      heard(JSON.parse(e.data as string) as LiveMessage);
    } catch {
      // Not a message of ours: nothing to show.
    }
  };
  ws.onclose = () => {
    clearInterval(ping);
    if (!stopped) lost(opened);
  };
  return () => {
    stopped = true;
    clearInterval(ping);
    ws.close(1000);
  };
}
