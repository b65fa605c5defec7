// Typed batches: a batch is a record of named steps, each a few statements and a reader of their
// results, and `batch()` answers a record of the same names with each step's typed value. So no
// service reads a raw row or picks a result by its position, and a step can be reused in any batch
// (one D1 round trip, one transaction).
import type { Db } from "./database.ts";

export interface Step<T> {
  statements: D1PreparedStatement[];
  read(results: D1Result[]): T;
}

type Values<S extends Record<string, Step<unknown>>> = {
  [K in keyof S]: S[K] extends Step<infer T> ? T : never;
};

const rowsOf = <R>(result: D1Result | undefined): R[] => (result?.results ?? []) as R[];

/** The first row, or null. */
export const first = <R>(statement: D1PreparedStatement): Step<R | null> => ({
  statements: [statement],
  read: ([r]) => rowsOf<R>(r)[0] ?? null,
});

/** Every row. */
export const all = <R>(statement: D1PreparedStatement): Step<R[]> => ({
  statements: [statement],
  read: ([r]) => rowsOf<R>(r),
});

/** Statements run for their effect only. */
export const exec = (...statements: D1PreparedStatement[]): Step<void> => ({
  statements,
  read: () => undefined,
});

/** Statements for their effect, then the rows of the last one (e.g. its `RETURNING`). */
export const thenAll = <R>(statements: D1PreparedStatement[], last: D1PreparedStatement): Step<R[]> => ({
  statements: [...statements, last],
  read: (results) => rowsOf<R>(results.at(-1)),
});

/** A step whose value is another's, mapped. */
export const map = <A, B>(step: Step<A>, f: (a: A) => B): Step<B> => ({
  statements: step.statements,
  read: (results) => f(step.read(results)),
});

/** A step that does nothing (a part of a batch that does not apply this time). */
export const none = <T>(value: T): Step<T> => ({ statements: [], read: () => value });

/** Runs every step in one batch and answers each step's value under its name. */
export async function batch<S extends Record<string, Step<unknown>>>(db: Db, steps: S): Promise<Values<S>> {
  const entries = Object.entries(steps);
  const statements = entries.flatMap(([, step]) => step.statements);
  const results = statements.length > 0 ? await db.batch(statements) : [];
  const values: Record<string, unknown> = {};
  let at = 0;
  for (const [name, step] of entries) {
    values[name] = step.read(results.slice(at, at + step.statements.length));
    at += step.statements.length;
  }
  return values as Values<S>;
}
