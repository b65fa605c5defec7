// Cloudflare Queues on Node, durable: every queue of wrangler.toml (its producers' bindings, its
// consumers' max_retries) is a binding whose `send` writes the message to the database file
// (queue-store.ts), and a timer hands due messages to the worker's own `queue` handler, one per
// batch, with Queues' contract as Confab uses it: the attempt count, `retry({ delaySeconds })`
// bringing the message back after that delay, an implicit ack, a throwing consumer retrying, and
// the message dropped after `max_retries` retries. A message leaves the file only when it is
// acknowledged or dropped, so a retry waiting (or an attempt cut by a crash) is made after a
// restart: at-least-once, as on Cloudflare.
import { randomUUID } from "node:crypto";
import type { NodeD1 } from "./d1.ts";
import { QueueStore, type StoredMessage } from "./queue-store.ts";
import { type QueueConfig, queueConfigs } from "./wrangler-config.ts";

type Consumer = (batch: MessageBatch<unknown>) => Promise<void>;

/** Attempts under way at once (Queues' consumer concurrency is bounded too). */
const MAX_IN_FLIGHT = 10;
/** The timer wakes at least this often, so a clock change cannot strand a message. */
const MAX_SLEEP_MS = 60_000;

const log = (line: Record<string, unknown>) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));

export class DurableQueues {
  readonly #store: QueueStore;
  readonly #consume: Consumer;
  readonly #track: (work: Promise<unknown>) => void;
  readonly #configs: Map<string, QueueConfig>;
  readonly #inFlight = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;

  constructor(
    db: NodeD1,
    consume: Consumer,
    track: (work: Promise<unknown>) => void,
    configs: QueueConfig[] = queueConfigs(),
  ) {
    this.#store = new QueueStore(db);
    this.#consume = consume;
    this.#track = track;
    this.#configs = new Map(configs.map((c) => [c.queue, c]));
  }

  /** The bindings the worker sees, by name (env.WEBHOOKS, …): `send` and `sendBatch`. */
  bindings(): Record<string, Queue<unknown>> {
    const out: Record<string, Queue<unknown>> = {};
    for (const { binding, queue } of this.#configs.values()) {
      const sendBatch = async (messages: Iterable<MessageSendRequest<unknown>>) => {
        const at = Date.now();
        this.#store.add(
          [...messages].map((m) => ({ id: randomUUID(), queue, body: JSON.stringify(m.body), at })),
        );
        // At once, as tracked work: a shutdown that has begun still waits for a first attempt.
        this.#pump();
      };
      out[binding] = {
        send: async (body: unknown) => sendBatch([{ body }]),
        sendBatch,
      } as unknown as Queue<unknown>;
    }
    return out;
  }

  /** Starts handing over due messages, those left by an earlier process first. */
  start(): void {
    this.#stopped = false;
    this.#pump();
  }

  /** No attempt starts after this; attempts under way finish (tracked); waiting messages stay in the file. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  get waiting(): number {
    return this.#store.count();
  }

  #pump(): void {
    if (this.#stopped) return;
    const room = MAX_IN_FLIGHT - this.#inFlight.size;
    if (room > 0) {
      const due = this.#store
        .due(Date.now(), room + this.#inFlight.size)
        .filter((m) => !this.#inFlight.has(m.id));
      for (const row of due.slice(0, room)) {
        this.#inFlight.add(row.id);
        this.#track(this.#attempt(row));
      }
    }
    this.#arm();
  }

  #arm(): void {
    clearTimeout(this.#timer);
    const next = this.#store.nextDue(this.#inFlight);
    if (next === null || this.#stopped) return;
    this.#timer = setTimeout(() => this.#pump(), Math.min(MAX_SLEEP_MS, Math.max(0, next - Date.now())));
    this.#timer.unref();
  }

  async #attempt(row: StoredMessage): Promise<void> {
    const config = this.#configs.get(row.queue);
    try {
      // A queue no longer in wrangler.toml has no consumer: its messages are dropped, said once each.
      if (!config) log({ level: "warn", task: row.queue, msg: "no such queue in wrangler.toml: dropped" });
      const retryIn = config ? await this.#consumeOne(row) : null;
      if (retryIn === null) this.#store.remove(row.id);
      else if (config && row.attempts <= config.maxRetries)
        this.#store.retryAt(row.id, Date.now() + retryIn * 1000);
      else {
        this.#store.remove(row.id);
        log({ level: "warn", task: row.queue, msg: "dropped after its last retry", attempts: row.attempts });
      }
    } finally {
      this.#inFlight.delete(row.id);
      this.#pump();
    }
  }

  /** One message as a batch of one; the answer is its retry delay in seconds, or null once acked. */
  async #consumeOne(row: StoredMessage): Promise<number | null> {
    let retryIn: number | null = null;
    const message: Message<unknown> = {
      id: row.id,
      timestamp: new Date(row.created_at),
      body: JSON.parse(row.body),
      attempts: row.attempts,
      ack: () => {
        retryIn = null;
      },
      retry: (options?: QueueRetryOptions) => {
        retryIn = options?.delaySeconds ?? 0;
      },
    };
    const batch = {
      messages: [message],
      queue: row.queue,
      metadata: { metrics: { backlogCount: this.#inFlight.size, backlogBytes: 0 } },
      ackAll: () => message.ack(),
      retryAll: (o?: QueueRetryOptions) => message.retry(o),
    } as unknown as MessageBatch<unknown>;
    try {
      await this.#consume(batch);
    } catch (error) {
      // A consumer that throws retries the whole batch, as Queues does.
      log({ level: "error", task: row.queue, error: String(error) });
      retryIn ??= 0;
    }
    return retryIn;
  }
}
