// The durable queues' state on Node, in the one database file: each message waiting for an
// attempt (the first, or a retry) is a row until it is acknowledged or dropped, so a retry
// survives a restart. The Node runtime makes the table at start (Cloudflare Queues keep this
// state themselves, so it is no migration of the worker's). The only SQL of worker/node/queue.ts.
import type { NodeD1 } from "./d1.ts";

export const QUEUE_SQL = `CREATE TABLE IF NOT EXISTS queue_messages (
  id TEXT PRIMARY KEY,
  queue TEXT NOT NULL,
  body TEXT NOT NULL,          -- the message body as JSON
  attempts INTEGER NOT NULL,   -- the number of the next attempt (1 = first)
  next_at INTEGER NOT NULL,    -- when it is due, ms since the epoch
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS queue_messages_due ON queue_messages (next_at)`;

export interface StoredMessage {
  id: string;
  queue: string;
  body: string;
  attempts: number;
  next_at: number;
  created_at: number;
}

export class QueueStore {
  readonly #db: NodeD1;

  constructor(db: NodeD1) {
    this.#db = db;
    db.file.exec(QUEUE_SQL);
  }

  add(rows: { id: string; queue: string; body: string; at: number }[]): void {
    const insert = this.#db.file.prepare(
      "INSERT INTO queue_messages (id, queue, body, attempts, next_at, created_at) VALUES (?, ?, ?, 1, ?, ?)",
    );
    this.#db.transaction(() => {
      for (const r of rows) insert.run(r.id, r.queue, r.body, r.at, r.at);
    });
  }

  /** Due messages, oldest due first. */
  due(now: number, limit: number): StoredMessage[] {
    return this.#db.file
      .prepare("SELECT * FROM queue_messages WHERE next_at <= ? ORDER BY next_at, id LIMIT ?")
      .all(now, limit) as unknown as StoredMessage[];
  }

  /** When the next message not in `skip` is due (null: none waiting). */
  nextDue(skip: ReadonlySet<string>): number | null {
    const rows = this.#db.file
      .prepare("SELECT id, next_at FROM queue_messages ORDER BY next_at LIMIT ?")
      .all(skip.size + 1) as { id: string; next_at: number }[];
    return rows.find((r) => !skip.has(r.id))?.next_at ?? null;
  }

  retryAt(id: string, at: number): void {
    this.#db.file
      .prepare("UPDATE queue_messages SET attempts = attempts + 1, next_at = ? WHERE id = ?")
      .run(at, id);
  }

  remove(id: string): void {
    this.#db.file.prepare("DELETE FROM queue_messages WHERE id = ?").run(id);
  }

  count(): number {
    return Number(
      (this.#db.file.prepare("SELECT count(*) AS n FROM queue_messages").get() as { n: number }).n,
    );
  }
}
