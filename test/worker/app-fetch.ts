// Requests through the real app with its D1 binding counted, and with settings of the test's
// choosing (SELF always has the configured ones). The execution context is awaited, so work the
// worker deferred with waitUntil (a cache put) is done when the answer is returned.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { app } from "../../worker/src/app.ts";
import type { Bindings } from "../../worker/src/env.ts";
import worker from "../../worker/src/index.ts";

export interface D1Calls {
  /** Round trips: each batch, first, all, run or raw. */
  trips: number;
  statements: number;
  /** The constraint or bookmark of every session opened. */
  sessions: string[];
}

export const noCalls = (): D1Calls => ({ trips: 0, statements: 0, sessions: [] });

type Db = Pick<D1Database, "prepare" | "batch">;

/** A database (or session) whose calls are counted into `calls`. */
function counting<T extends Db>(db: T, calls: D1Calls, originals: WeakMap<object, D1PreparedStatement>): Db {
  const statement = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const trip = <T>(call: () => T): T => {
      calls.trips++;
      calls.statements++;
      return call();
    };
    const wrapped = {
      bind: (...values: unknown[]) => statement(stmt.bind(...values)),
      first: (column?: string) => trip(() => (column === undefined ? stmt.first() : stmt.first(column))),
      all: () => trip(() => stmt.all()),
      run: () => trip(() => stmt.run()),
      raw: (options?: { columnNames?: boolean }) => trip(() => stmt.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    originals.set(wrapped, stmt);
    return wrapped;
  };
  return {
    prepare: (sql: string) => statement(db.prepare(sql)),
    batch: (statements: D1PreparedStatement[]) => {
      calls.trips++;
      calls.statements += statements.length;
      return db.batch(statements.map((s) => originals.get(s) ?? s));
    },
  };
}

function countingD1(db: D1Database, calls: D1Calls): D1Database {
  const originals = new WeakMap<object, D1PreparedStatement>();
  return {
    ...counting(db, calls, originals),
    exec: (sql: string) => db.exec(sql),
    withSession: (constraint?: string) => {
      calls.sessions.push(constraint ?? "");
      const session = db.withSession(constraint as D1SessionConstraint);
      return { ...counting(session, calls, originals), getBookmark: () => session.getBookmark() };
    },
  } as unknown as D1Database;
}

export async function fetchApp(
  path: string,
  init: RequestInit = {},
  opts: { calls?: D1Calls; vars?: Partial<Bindings>; fullPath?: boolean } = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const bindings = {
    ...(env as unknown as Bindings),
    DB: countingD1(env.DB, opts.calls ?? noCalls()),
    ...opts.vars,
  };
  const request = new Request(`https://confab.test${path}`, init);
  // The worker's own entry (the hot path of lib/hot-read.ts, then the app), or the app alone.
  const res = await (opts.fullPath
    ? app.fetch(request, bindings, ctx)
    : worker.fetch(request, bindings, ctx));
  await waitOnExecutionContext(ctx);
  return res;
}
