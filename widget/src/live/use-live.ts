// When the live channel is open: only while the thread is on screen (or near it) and the tab is
// visible. A socket that never opens (blocked, refused, no WebSocket) turns into a conditional GET
// every 30 s instead; one that drops reconnects after a pause. Whatever was missed while closed
// is caught up with one read when it opens again.
import { useEffect } from "preact/hooks";
import type { LiveMessage } from "../../../shared/types.ts";
import type { ResolvedOptions } from "../options.ts";
import { liveUrl, openSocket } from "./channel.ts";

export const POLL_MS = 30_000;
const RECONNECT_MS = 5_000;

export function useLive(
  section: { current: Element | null },
  options: ResolvedOptions,
  heard: (m: LiveMessage) => void,
  catchUp: () => void,
): void {
  const { api, site, url, pageId } = options;
  useEffect(() => {
    let onScreen = false;
    let stop: (() => void) | null = null;
    let poll = typeof WebSocket !== "function";
    let opens = 0;
    let pause: ReturnType<typeof setTimeout> | undefined;
    const wanted = () => onScreen && document.visibilityState === "visible";
    const start = () => {
      if (opens++ > 0) catchUp();
      if (poll) {
        const id = setInterval(catchUp, POLL_MS);
        stop = () => clearInterval(id);
        return;
      }
      stop = openSocket(liveUrl(options), heard, (opened) => {
        stop = null;
        poll = !opened;
        pause = setTimeout(sync, opened ? RECONNECT_MS : 0);
      });
    };
    const sync = () => {
      if (wanted() && !stop) start();
      else if (!wanted() && stop) {
        stop();
        stop = null;
      }
    };
    const seen = new IntersectionObserver(
      (entries) => {
        onScreen = entries.some((e) => e.isIntersecting);
        sync();
      },
      { rootMargin: "200px" },
    );
    if (section.current) seen.observe(section.current);
    document.addEventListener("visibilitychange", sync);
    return () => {
      seen.disconnect();
      document.removeEventListener("visibilitychange", sync);
      clearTimeout(pause);
      stop?.();
    };
  }, [api, site, url, pageId]);
}
