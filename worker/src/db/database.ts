// What the db functions need of a database: the `D1Database` binding itself, or a D1 session over
// it (read replication, worker/src/lib/d1-session.ts). Both can prepare statements and run batches.
export type Db = Pick<D1Database, "prepare" | "batch">;
