import { useContext, useEffect, useState } from "preact/hooks";
import type { Live as LiveChunk } from "../live/index.ts";
import { loadChunk, ThreadContext } from "./deps.ts";

let ready: LiveChunk | null = null;

/**
 * The thread's live updates, from live.js. Nothing is drawn until it has loaded, and nothing if
 * it cannot: the thread then reads as it always has.
 */
export function Live(_props: object) {
  const { assets } = useContext(ThreadContext);
  const [live, setLive] = useState(ready);
  useEffect(() => {
    if (!live)
      loadChunk<LiveChunk>(assets, "live").then(
        (l) => {
          ready = l;
          setLive(l);
        },
        () => {},
      );
  }, [assets]);
  return live ? <live.LiveBar /> : null;
}
