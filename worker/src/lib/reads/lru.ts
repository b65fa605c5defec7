// A map bounded by the bytes of what it holds, dropping the least recently used entries first.
// One per isolate holds the hottest answers (store.ts); a Map keeps insertion order, so moving an
// entry to the end on each use makes its first key the least recently used.

export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get(key: string): V | undefined {
    const found = this.entries.get(key);
    if (!found) return undefined;
    this.entries.delete(key);
    this.entries.set(key, found);
    return found.value;
  }

  /** Stores `value` as `bytes` long; one larger than the whole limit is not kept at all. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.limit) return;
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.limit) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  /**
   * Counts `extra` more bytes against an entry already kept (a copy made later, like its gzip),
   * dropping the least recently used others if the limit is passed.
   */
  grow(key: string, extra: number): void {
    const found = this.entries.get(key);
    if (!found) return;
    found.bytes += extra;
    this.used += extra;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.limit || oldest === key) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  /** The value without marking it used (an accounting look-up, not a read). */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  delete(key: string): void {
    const found = this.entries.get(key);
    if (!found) return;
    this.entries.delete(key);
    this.used -= found.bytes;
  }

  /** Drops every entry the predicate picks (a purge: writes are rare, so a walk is fine). */
  deleteWhere(pick: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (pick(entry.value)) this.delete(key);
  }

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }
}
