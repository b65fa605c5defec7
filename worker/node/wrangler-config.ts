// What the Node runtime takes from wrangler.toml, so the two runtimes cannot drift apart: the
// queues (each producer's binding and queue name, each consumer's max_retries). Only the
// `[[queues.producers]]` and `[[queues.consumers]]` tables are read, with their `key = value`
// lines of strings and integers: that is all Confab's wrangler.toml has there.
import { readFileSync } from "node:fs";

export const WRANGLER_TOML = new URL("../../wrangler.toml", import.meta.url);

export interface QueueConfig {
  /** The binding the worker sees (env.WEBHOOKS). */
  binding: string;
  /** The queue's name (batch.queue in the consumer). */
  queue: string;
  /** Retries after the first attempt before a message is dropped (Cloudflare's default: 3). */
  maxRetries: number;
}

type Table = Record<string, string | number>;

/** The `[[name]]` tables of a TOML text, each as its key = value pairs. */
export function arrayTables(toml: string, name: string): Table[] {
  const tables: Table[] = [];
  let current: Table | null = null;
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (line.startsWith("[")) {
      current = line === `[[${name}]]` ? {} : null;
      if (current) tables.push(current);
      continue;
    }
    const pair = current && line.match(/^([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|(-?\d+))$/);
    if (current && pair) current[pair[1] ?? ""] = pair[2] ?? Number(pair[3]);
  }
  return tables;
}

export function queueConfigs(toml = readFileSync(WRANGLER_TOML, "utf8")): QueueConfig[] {
  const consumers = arrayTables(toml, "queues.consumers");
  return arrayTables(toml, "queues.producers").map((p) => {
    const consumer = consumers.find((c) => c.queue === p.queue);
    if (!consumer) throw new Error(`wrangler.toml: queue ${p.queue} has no [[queues.consumers]]`);
    return {
      binding: String(p.binding),
      queue: String(p.queue),
      maxRetries: typeof consumer.max_retries === "number" ? consumer.max_retries : 3,
    };
  });
}
