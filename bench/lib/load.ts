// Load from autocannon on loopback only, bounded in connections and time, with the server's
// memory sampled from /proc while it runs.

import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import autocannon from "autocannon";

export interface LoadResult {
  label: string;
  url: string;
  connections: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Resident memory of the server process: before the load and the peak sampled during it (MB). */
  rssBeforeMB: number | null;
  rssPeakMB: number | null;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Every load of the bench is aimed at this machine only. */
export function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (!LOOPBACK.has(hostname)) throw new Error(`refusing to load ${url}: only 127.0.0.1 is measured`);
}

/** The resident set of a process in MB, or null when it cannot be read. */
export function rssMB(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const kb = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

export interface LoadOptions {
  label: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** A fresh body (and extra headers) per request, for POSTs that must not repeat. */
  each?: () => { body: string; headers?: Record<string, string> };
  connections?: number;
  seconds?: number;
  /** The server process to sample. */
  pid?: number | null;
}

export function load(o: LoadOptions): Promise<LoadResult> {
  assertLoopback(o.url);
  const connections = o.connections ?? 50;
  const seconds = o.seconds ?? 10;
  const pid = o.pid ?? null;
  const rssBeforeMB = rssMB(pid);
  let rssPeakMB = rssBeforeMB;
  const sampler = setInterval(() => {
    const now = rssMB(pid);
    if (now !== null && (rssPeakMB === null || now > rssPeakMB)) rssPeakMB = now;
  }, 100);
  const each = o.each;
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: o.method ?? "GET",
            headers: o.headers ?? {},
            ...(each
              ? {
                  setupRequest: (req) => {
                    const next = each();
                    return { ...req, body: next.body, headers: { ...req.headers, ...next.headers } };
                  },
                }
              : {}),
          },
        ],
      },
      (err, result) => {
        clearInterval(sampler);
        clearTimeout(guard);
        if (err) return reject(err);
        const ok = result["2xx"];
        resolve({
          label: o.label,
          url: o.url,
          connections,
          seconds,
          requests: ok + result.non2xx,
          reqPerSec: Math.round(ok / result.duration),
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          rssBeforeMB: round1(rssBeforeMB),
          rssPeakMB: round1(rssPeakMB),
        });
      },
    );
    // autocannon stops itself after `seconds`; this is a second bound should it not.
    const guard = setTimeout(() => instance.stop(), (seconds + 15) * 1000);
  });
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export interface Timing {
  samples: number;
  p50: number;
  p90: number;
  mean: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function decoded(bytes: Buffer, encoding: string | undefined): Buffer {
  if (encoding === "gzip") return gunzipSync(bytes);
  if (encoding === "br") return brotliDecompressSync(bytes);
  if (encoding === "deflate") return inflateSync(bytes);
  return bytes;
}

/** One GET on a kept-alive connection: status, body and elapsed milliseconds. */
export function timedGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: string;
  ms: number;
  headers: Record<string, string | string[] | undefined>;
}> {
  assertLoopback(url);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = httpRequest(url, { agent, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => {
        const ms = performance.now() - start;
        // Asked with Accept-Encoding as a browser asks, an answer may come compressed (the Node
        // runtime sends a hot read's gzipped bytes as they are): read as a browser reads it.
        const body = decoded(Buffer.concat(chunks), res.headers["content-encoding"]).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body, ms, headers: res.headers });
      });
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${url}`)));
    req.on("error", reject);
    req.end();
  });
}

/**
 * Latency of one request at a time to each URL, the URLs taking turns so that whatever else the
 * machine does weighs on all of them alike: `warmup` rounds unrecorded, then `count` recorded.
 */
export async function timeInterleaved(
  urls: string[],
  headers: Record<string, string>,
  count = 200,
  warmup = 30,
  /** Runs before each request, outside its timing (e.g. a write that makes the next read a cache miss). */
  before?: (k: number) => Promise<void>,
): Promise<Timing[]> {
  const times: number[][] = urls.map(() => []);
  for (let i = 0; i < warmup + count; i++) {
    for (const [k, url] of urls.entries()) {
      await before?.(k);
      const { status, ms } = await timedGet(url, headers);
      if (status !== 200) throw new Error(`${url} answered ${status}`);
      if (i >= warmup) times[k]?.push(ms);
    }
  }
  return times.map(summary);
}

function summary(times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const r2 = (n: number) => Math.round(n * 100) / 100;
  return {
    samples: sorted.length,
    p50: r2(at(0.5)),
    p90: r2(at(0.9)),
    mean: r2(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}
