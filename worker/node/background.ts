// `ctx.waitUntil` on Node: the work a request leaves running after its answer (mails, webhooks,
// cache purges) is kept in a set, so a graceful shutdown can wait for every piece of it.

export class Background {
  readonly #pending = new Set<Promise<unknown>>();

  /** The ExecutionContext the worker's handlers get (only what Confab's code calls is real). */
  readonly context = {
    waitUntil: (promise: Promise<unknown>): void => this.track(promise),
    passThroughOnException: (): void => {},
    props: {},
  };

  track(promise: Promise<unknown>): void {
    const settled = promise.then(
      () => undefined,
      (error) => console.error(JSON.stringify({ level: "error", task: "waitUntil", error: String(error) })),
    );
    this.#pending.add(settled);
    void settled.finally(() => this.#pending.delete(settled));
  }

  get size(): number {
    return this.#pending.size;
  }

  /** Resolves once nothing is pending, including work that pending work started. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
