// Runs inside workerd (bench/lib/runtime.ts strips its types and loads it next to the worker's
// bundle): the real worker with its D1 binding wrapped, so every round trip a request causes is
// counted (a batch() is one) and D1's own `meta.rows_read` is summed. The tallies come back in
// the `X-Bench-D1` response header. It must not import anything: it is loaded as it is.

export interface Tally {
  /** Round trips: batch, first, all, run, raw and exec calls. */
  trips: number;
  batches: number;
  statements: number;
  rowsRead: number;
  rowsWritten: number;
  /** Rows the statements returned. */
  rowsReturned: number;
  /** Time D1 reports spent in SQL (meta.duration), in milliseconds. */
  sqlMs: number;
  /** Wall time the worker spent waiting on D1 calls, in milliseconds (clocks move across I/O). */
  waitMs: number;
  /** Wall time of the whole request (`request` tally only). */
  totalMs: number;
  /** Calls whose rows_read D1 does not report (raw, exec). */
  unmetered: number;
}

const blank = (): Tally => ({
  trips: 0,
  batches: 0,
  statements: 0,
  rowsRead: 0,
  rowsWritten: 0,
  rowsReturned: 0,
  sqlMs: 0,
  waitMs: 0,
  totalMs: 0,
  unmetered: 0,
});

interface Phase {
  current: Tally;
}

function add(t: Tally, r: D1Result): void {
  t.rowsRead += r.meta?.rows_read ?? 0;
  t.rowsWritten += r.meta?.rows_written ?? 0;
  t.rowsReturned += r.results?.length ?? 0;
  t.sqlMs += r.meta?.duration ?? 0;
}

type Originals = WeakMap<object, D1PreparedStatement>;

async function timed<T>(t: Tally, call: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await call();
  } finally {
    t.waitMs += Date.now() - start;
  }
}

function countingStatement(
  stmt: D1PreparedStatement,
  phase: Phase,
  originals: Originals,
): D1PreparedStatement {
  const one = (): Tally => {
    const t = phase.current;
    t.trips++;
    t.statements++;
    return t;
  };
  const wrapped = {
    bind: (...values: unknown[]) => countingStatement(stmt.bind(...values), phase, originals),
    // first() reads what all() reads and keeps the first row; it is run as all() to see the meta.
    async first(column?: string) {
      const t = one();
      const r = await timed(t, () => stmt.all<Record<string, unknown>>());
      add(t, r);
      const row = r.results[0] ?? null;
      return column === undefined ? row : row === null ? null : (row[column] ?? null);
    },
    async all() {
      const t = one();
      const r = await timed(t, () => stmt.all());
      add(t, r);
      return r;
    },
    async run() {
      const t = one();
      const r = await timed(t, () => stmt.run());
      add(t, r);
      return r;
    },
    raw(options?: { columnNames?: boolean }) {
      const t = one();
      t.unmetered++;
      return stmt.raw(options as { columnNames: true });
    },
  };
  originals.set(wrapped, stmt);
  return wrapped as unknown as D1PreparedStatement;
}

function countingD1(db: D1Database, phase: Phase): D1Database {
  const originals: Originals = new WeakMap();
  const wrapped = {
    prepare: (sql: string) => countingStatement(db.prepare(sql), phase, originals),
    async batch(statements: D1PreparedStatement[]) {
      const t = phase.current;
      t.trips++;
      t.batches++;
      t.statements += statements.length;
      const results = await timed(t, () => db.batch(statements.map((s) => originals.get(s) ?? s)));
      for (const r of results) add(t, r);
      return results;
    },
    exec(sql: string) {
      const t = phase.current;
      t.trips++;
      t.unmetered++;
      return db.exec(sql);
    },
    // A session (D1_SESSIONS=on) is counted like the binding itself.
    withSession: (constraint?: string) => {
      const session = db.withSession(constraint as D1SessionConstraint);
      return {
        ...countingD1(session as unknown as D1Database, phase),
        getBookmark: () => session.getBookmark(),
      };
    },
    dump: () => db.dump(),
  };
  return wrapped as unknown as D1Database;
}

interface Bindings {
  DB: D1Database;
}

/**
 * The worker, counted. `request` holds the calls made until the answer was returned (including
 * any deferred work that had already started by then), `after` those made after it.
 */
export function countingWorker(worker: ExportedHandler<Bindings>): ExportedHandler<Bindings> {
  return {
    async fetch(request, env, ctx) {
      const started = Date.now();
      const phase: Phase = { current: blank() };
      const during = phase.current;
      const pending: Promise<unknown>[] = [];
      const counted: ExecutionContext = {
        waitUntil: (p: Promise<unknown>) => {
          pending.push(p);
        },
        passThroughOnException: () => ctx.passThroughOnException(),
        props: ctx.props,
      } as ExecutionContext;
      const fetch = worker.fetch as NonNullable<ExportedHandler<Bindings>["fetch"]>;
      const answer = await fetch(request, { ...env, DB: countingD1(env.DB, phase) }, counted);
      const body = await answer.arrayBuffer();
      during.totalMs = Date.now() - started;
      const after = blank();
      phase.current = after;
      await Promise.allSettled(pending);
      const bodiless = [101, 204, 205, 304].includes(answer.status);
      const out = new Response(bodiless ? null : body, answer);
      out.headers.set("X-Bench-D1", JSON.stringify({ request: during, after }));
      return out;
    },
  };
}
