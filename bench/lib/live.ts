// The `live` part: WebSockets on one thread's live channel (docs/api.md, "Live threads"), from
// this process to the worker on 127.0.0.1. For 1, 100 and 1,000 open sockets, a few comments are
// posted and each socket's message is timed from the moment the POST's answer arrived; with 1,000
// idle sockets open, workerd's resident memory is read. Bounded: every wait has a timeout, every
// socket is closed at the end, and the part gives up after `budgetMs`.
import { performance } from "node:perf_hooks";
import { assertLoopback, rssMB } from "./load.ts";
import { commentBody, ORIGIN, pageUrl } from "./seed.ts";

export interface LiveRow {
  sockets: number;
  posts: number;
  /** Per post, the median over the sockets of (message received − answer received), ms: below 0
   * when the message beats the answer (publishing starts as the answer leaves). */
  "median socket (ms)": number;
  /** Per post, the last socket to hear it: the median over the posts, and the worst post. */
  "last socket, median post (ms)": number;
  "last socket, worst post (ms)": number;
  /** The same last socket, timed from when the POST was sent: an upper bound, never below 0. */
  "last socket from the POST's start, median (ms)": number;
  /** Messages that did not arrive within 5 s (should be 0). */
  missed: number;
}

export interface LiveResult {
  rows: LiveRow[];
  /** workerd's RSS growth with 1,000 idle sockets open, per socket, KB (null: /proc unreadable). */
  idleKBPerSocket: number | null;
  rssBeforeMB: number | null;
  rssIdleMB: number | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] as number);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Listener {
  ws: WebSocket;
  /** When each comment id was heard, by performance.now(). */
  heard: Map<string, number>;
}

/** Opens `n` sockets, 50 at a time; resolves once all are open (or throws after `ms`). */
async function openSockets(url: string, n: number, ms: number): Promise<Listener[]> {
  const out: Listener[] = [];
  const deadline = Date.now() + ms;
  for (let start = 0; start < n; start += 50) {
    const wave = Array.from({ length: Math.min(50, n - start) }, () => {
      const ws = new WebSocket(url);
      const l: Listener = { ws, heard: new Map() };
      ws.onmessage = (e) => {
        const m = JSON.parse(String(e.data)) as { type: string; comment?: { id: string } };
        if (m.type === "comment" && m.comment) l.heard.set(m.comment.id, performance.now());
      };
      out.push(l);
      return new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error(`socket ${out.length} failed to open`));
        setTimeout(() => reject(new Error("socket open timed out")), Math.max(0, deadline - Date.now()));
      });
    });
    await Promise.all(wave);
  }
  return out;
}

async function closeAll(listeners: Listener[]): Promise<void> {
  for (const l of listeners) l.ws.close(1000);
  await sleep(300);
}

/** Posts one comment and times its message at every socket, from the answer's arrival. */
async function timePost(base: string, path: string, n: number, listeners: Listener[]) {
  const sent = performance.now();
  const res = await fetch(`${base}/api/v1/comments`, {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/json" },
    body: commentBody("bench", path, n),
  });
  const answered = performance.now();
  if (res.status !== 201) throw new Error(`live: POST answered ${res.status} ${await res.text()}`);
  const { comment } = (await res.json()) as { comment: { id: string } };
  const until = Date.now() + 5000;
  while (Date.now() < until && listeners.some((l) => !l.heard.has(comment.id))) await sleep(5);
  const heard = listeners.flatMap((l) => {
    const at = l.heard.get(comment.id);
    return at === undefined ? [] : [at];
  });
  return {
    times: heard.map((at) => at - answered),
    fromStart: heard.map((at) => at - sent),
    missed: listeners.length - heard.length,
  };
}

export async function measureLive(
  base: string,
  pid: number | null,
  o: { sizes?: number[]; posts?: number; budgetMs?: number } = {},
): Promise<LiveResult> {
  assertLoopback(base);
  const sizes = o.sizes ?? [1, 100, 1000];
  const posts = o.posts ?? 5;
  const stopAt = Date.now() + (o.budgetMs ?? 90_000);
  const rows: LiveRow[] = [];
  let memory: Pick<LiveResult, "idleKBPerSocket" | "rssBeforeMB" | "rssIdleMB"> = {
    idleKBPerSocket: null,
    rssBeforeMB: null,
    rssIdleMB: null,
  };
  for (const [i, size] of sizes.entries()) {
    if (Date.now() > stopAt) break;
    const path = `/p/live-${size}`;
    const url = `${base.replace(/^http/, "ws")}/api/v1/live?site=bench&url=${encodeURIComponent(pageUrl(path))}`;
    await sleep(500);
    const rssBefore = rssMB(pid);
    const listeners = await openSockets(url, size, 30_000);
    try {
      if (size === Math.max(...sizes)) {
        // Idle: no message for a while, then the memory the open sockets hold.
        await sleep(2000);
        const rssIdle = rssMB(pid);
        memory = {
          rssBeforeMB: rssBefore === null ? null : round1(rssBefore),
          rssIdleMB: rssIdle === null ? null : round1(rssIdle),
          idleKBPerSocket:
            rssBefore === null || rssIdle === null ? null : round1(((rssIdle - rssBefore) * 1024) / size),
        };
      }
      const medians: number[] = [];
      const lasts: number[] = [];
      const lastsFromStart: number[] = [];
      let missed = 0;
      for (let k = 0; k < posts && Date.now() < stopAt; k++) {
        const {
          times,
          fromStart,
          missed: m,
        } = await timePost(base, path, 2_000_000 + i * 1000 + k, listeners);
        missed += m;
        if (times.length > 0) {
          medians.push(median(times));
          lasts.push(Math.max(...times));
          lastsFromStart.push(Math.max(...fromStart));
        }
        await sleep(200);
      }
      rows.push({
        sockets: size,
        posts: medians.length,
        "median socket (ms)": round1(median(medians)),
        "last socket, median post (ms)": round1(median(lasts)),
        "last socket, worst post (ms)": round1(Math.max(...lasts)),
        "last socket from the POST's start, median (ms)": round1(median(lastsFromStart)),
        missed,
      });
    } finally {
      await closeAll(listeners);
    }
  }
  return { rows, ...memory };
}
