// The WEBHOOKS and WEBMENTIONS queues on Node: in-process queues whose consumer is the worker's own
// `queue` handler (which tells them apart by the queue's name, as on Cloudflare), with Cloudflare
// Queues' contract as Confab uses it: a message is handed over with its attempt count,
// `retry({ delaySeconds })` brings it back after that delay, and after `maxRetries` retries it is
// dropped (wrangler.toml's max_retries). Messages live in memory: a retry still waiting when the
// process stops is not made (docs/self-host.md, "What differs").

type Consumer<Body> = (batch: MessageBatch<Body>) => Promise<void>;

export interface QueueOptions {
  /** The queue's name in wrangler.toml (the consumer dispatches on it). */
  name: string;
  maxRetries: number;
}

export class MemoryQueue<Body> {
  readonly #consume: Consumer<Body>;
  readonly #name: string;
  readonly #maxRetries: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #track: (work: Promise<unknown>) => void;
  #stopped = false;

  constructor(
    consume: Consumer<Body>,
    track: (work: Promise<unknown>) => void,
    options: QueueOptions = { name: "confab-webhooks", maxRetries: 8 },
  ) {
    this.#consume = consume;
    this.#track = track;
    this.#name = options.name;
    this.#maxRetries = options.maxRetries;
  }

  /** The binding the worker sees (only `send` is used). */
  get binding(): Queue<Body> {
    return {
      send: async (body: Body) => {
        this.#later(body, 1, 0);
        return {} as QueueSendResponse;
      },
    } as unknown as Queue<Body>;
  }

  /** Waiting retries are dropped; deliveries under way finish (they are tracked as background work). */
  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  get waiting(): number {
    return this.#timers.size;
  }

  #later(body: Body, attempts: number, delayMs: number): void {
    if (this.#stopped) return;
    // At once, as tracked work: a shutdown that has begun still waits for a first attempt.
    if (delayMs === 0) {
      this.#track(this.#deliver(body, attempts));
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#track(this.#deliver(body, attempts));
    }, delayMs);
    this.#timers.add(timer);
  }

  async #deliver(body: Body, attempts: number): Promise<void> {
    let retryIn: number | null = null;
    const message: Message<Body> = {
      id: crypto.randomUUID(),
      timestamp: new Date(),
      body,
      attempts,
      ack: () => {
        retryIn = null;
      },
      retry: (options?: QueueRetryOptions) => {
        retryIn = options?.delaySeconds ?? 0;
      },
    };
    const batch = {
      messages: [message],
      queue: this.#name,
      metadata: { metrics: { backlogCount: this.#timers.size, backlogBytes: 0 } },
      ackAll: () => message.ack(),
      retryAll: (o?: QueueRetryOptions) => message.retry(o),
    };
    try {
      await this.#consume(batch);
    } catch (error) {
      // A consumer that throws retries the whole batch, as Queues does.
      console.error(JSON.stringify({ level: "error", task: this.#name, error: String(error) }));
      retryIn ??= 0;
    }
    if (retryIn !== null && attempts <= this.#maxRetries) this.#later(body, attempts + 1, retryIn * 1000);
  }
}
