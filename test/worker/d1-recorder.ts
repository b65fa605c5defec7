// A D1 binding that records every statement it runs — its SQL, how many parameters were bound
// and the largest of them — and every round trip, to hold a request to D1's limits (100 bound
// parameters a statement, 100 KB a statement, 1,000 queries an invocation).
export interface Recorded {
  sql: string;
  params: number;
  /** UTF-8 bytes of the largest bound string. */
  largest: number;
}

export interface D1Record {
  statements: Recorded[];
  trips: number;
}

type Db = Pick<D1Database, "prepare" | "batch">;

export function recordingD1(db: D1Database, log: D1Record): D1Database {
  const originals = new WeakMap<object, { stmt: D1PreparedStatement; rec: Recorded }>();
  const wrap = (inner: Db): Db => {
    const statement = (stmt: D1PreparedStatement, rec: Recorded): D1PreparedStatement => {
      const trip = <T>(call: () => T): T => {
        log.trips++;
        log.statements.push(rec);
        return call();
      };
      const wrapped = {
        bind: (...values: unknown[]) =>
          statement(stmt.bind(...values), {
            sql: rec.sql,
            params: values.length,
            largest: Math.max(
              0,
              ...values.map((v) => (typeof v === "string" ? new TextEncoder().encode(v).length : 8)),
            ),
          }),
        first: (column?: string) => trip(() => (column === undefined ? stmt.first() : stmt.first(column))),
        all: () => trip(() => stmt.all()),
        run: () => trip(() => stmt.run()),
        raw: (options?: { columnNames?: boolean }) => trip(() => stmt.raw(options as { columnNames: true })),
      } as unknown as D1PreparedStatement;
      originals.set(wrapped, { stmt, rec });
      return wrapped;
    };
    return {
      prepare: (sql: string) => statement(inner.prepare(sql), { sql, params: 0, largest: 0 }),
      batch: (statements: D1PreparedStatement[]) => {
        log.trips++;
        return inner.batch(
          statements.map((s) => {
            const o = originals.get(s);
            if (o) log.statements.push(o.rec);
            return o?.stmt ?? s;
          }),
        );
      },
    };
  };
  return {
    ...wrap(db),
    exec: (sql: string) => db.exec(sql),
    withSession: (constraint?: string) => {
      const session = db.withSession(constraint as D1SessionConstraint);
      return { ...wrap(session), getBookmark: () => session.getBookmark() };
    },
  } as unknown as D1Database;
}
