// D1's shape over one SQLite file (node:sqlite), so the worker's db/ code runs unchanged on Node.
// node:sqlite is synchronous, so every call runs to its end before another request's code can run:
// a batch's BEGIN … COMMIT never interleaves with anything, which is what makes it one transaction.
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";

/** How long a writer waits for the file's lock (another process, a backup) before failing. */
const BUSY_TIMEOUT_MS = 5_000;
/** Compiled statements kept per database: the worker has a few hundred distinct queries. */
const STATEMENT_CACHE = 512;
/** Statements that cannot change rows, so their `changes` is 0 without asking SQLite. */
const READ_ONLY = /^\s*(?:SELECT|VALUES|PRAGMA|EXPLAIN)\b/i;

type Row = Record<string, unknown>;

interface Ran {
  rows: Row[];
  columns: string[];
  meta: D1Meta & Record<string, unknown>;
}

/** D1 takes booleans (as 1/0) and ArrayBuffers; it refuses `undefined`, as it does here. */
function toSqlite(value: unknown, at: number): SQLInputValue {
  if (value === null || typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new Error(`D1_TYPE_ERROR: Type '${typeof value}' not supported for value at position ${at + 1}`);
}

export class NodeD1Statement {
  readonly #db: NodeD1;
  readonly sql: string;
  readonly values: SQLInputValue[];

  constructor(db: NodeD1, sql: string, values: SQLInputValue[] = []) {
    this.#db = db;
    this.sql = sql;
    this.values = values;
  }

  bind(...values: unknown[]): NodeD1Statement {
    return new NodeD1Statement(this.#db, this.sql, values.map(toSqlite));
  }

  /** Runs now (synchronously); `batch` calls this inside its transaction. */
  runSync(): Ran {
    return this.#db.execute(this.sql, this.values);
  }

  async first<T = Row>(column?: string): Promise<T | null> {
    const [row] = this.runSync().rows;
    if (row === undefined) return null;
    if (column === undefined) return row as T;
    if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
    return row[column] as T;
  }

  async all<T = Row>(): Promise<D1Result<T>> {
    const { rows, meta } = this.runSync();
    return { success: true, results: rows as T[], meta };
  }

  run<T = Row>(): Promise<D1Result<T>> {
    return this.all<T>();
  }

  async raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
    const { rows, columns } = this.runSync();
    const arrays = rows.map((row) => columns.map((c) => row[c])) as T[];
    return options?.columnNames ? [columns as T, ...arrays] : arrays;
  }
}

export class NodeD1 {
  readonly file: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  /** Opens (or creates) the file in WAL mode with foreign keys on, as D1 has them. */
  constructor(path: string) {
    this.file = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: BUSY_TIMEOUT_MS });
    this.file.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
  }

  prepare(sql: string): NodeD1Statement {
    return new NodeD1Statement(this, sql);
  }

  /** Every statement in one transaction: all of them, or (on any error) none. */
  async batch<T = unknown>(statements: NodeD1Statement[]): Promise<D1Result<T>[]> {
    return this.transaction(() =>
      statements.map((s) => {
        const { rows, meta } = s.runSync();
        return { success: true as const, results: rows as T[], meta };
      }),
    );
  }

  async exec(sql: string): Promise<D1ExecResult> {
    const started = performance.now();
    this.file.exec(sql);
    const count = sql.split(/;\s*(?:\n|$)/).filter((s) => s.trim() !== "").length;
    return { count, duration: performance.now() - started };
  }

  /** One file has no replicas: a session is the database itself, and it has no bookmark. */
  withSession(_constraint?: string) {
    return {
      prepare: (sql: string) => this.prepare(sql),
      batch: <T = unknown>(statements: NodeD1Statement[]) => this.batch<T>(statements),
      getBookmark: (): string | null => null,
    };
  }

  /** Runs `work` between BEGIN IMMEDIATE and COMMIT, rolling back when it throws. */
  transaction<R>(work: () => R): R {
    this.file.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.file.exec("COMMIT");
      return result;
    } catch (err) {
      if (this.file.isTransaction) this.file.exec("ROLLBACK");
      throw err;
    }
  }

  execute(sql: string, values: SQLInputValue[]): Ran {
    const started = performance.now();
    const statement = this.#compiled(sql);
    const columns = statement.columns().map((c) => c.name);
    let rows: Row[] = [];
    let changes = 0;
    let lastRowId = 0;
    if (columns.length === 0) {
      const r = statement.run(...values);
      changes = Number(r.changes);
      lastRowId = Number(r.lastInsertRowid);
    } else if (READ_ONLY.test(sql)) {
      rows = statement.all(...values) as Row[];
    } else {
      // RETURNING: the rows, and what the statement changed.
      const before = this.#totalChanges();
      rows = statement.all(...values) as Row[];
      const counts = this.#compiled("SELECT changes() AS c, last_insert_rowid() AS r").get() as Row;
      changes = this.#totalChanges() === before ? 0 : Number(counts.c);
      lastRowId = Number(counts.r);
    }
    const meta = {
      duration: performance.now() - started,
      size_after: 0,
      // SQLite does not count rows visited; these are what D1 would report at least.
      rows_read: rows.length,
      rows_written: changes,
      last_row_id: lastRowId,
      changed_db: changes > 0,
      changes,
      served_by_primary: true,
    };
    return { rows, columns, meta };
  }

  close(): void {
    this.#statements.clear();
    if (this.file.isOpen) this.file.close();
  }

  #totalChanges(): number {
    return Number((this.#compiled("SELECT total_changes() AS t").get() as Row).t);
  }

  #compiled(sql: string): StatementSync {
    const found = this.#statements.get(sql);
    if (found) return found;
    const statement = this.file.prepare(sql);
    if (this.#statements.size >= STATEMENT_CACHE) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

/** The adapter as the worker's bindings type it (D1's overloads are the adapter's methods). */
export const asD1 = (db: NodeD1): D1Database => db as unknown as D1Database;
